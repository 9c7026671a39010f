#!/usr/bin/env bash
# npm run bench: bundles scripts/bench.ts and runs one section of it per world, then
# joins their figures into docs/benchmarks.md (CONTRIBUTING.md, "Tested toolchains"):
#   classic      the system's engine (Debian 12's 20.10 here), and a remote BuildKit
#                for the export rows where ../shared has one (or SIZEGATE_BENCH_BUILDER)
#   containerd   Docker 28 on the containerd image store (scripts/current-engine.sh)
#   hosted       Docker 28, a docker-container builder on BuildKit 0.32
# A world whose tools this machine lacks is left out, with a line saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
shared="$root/../shared/tools"
bash scripts/registry.sh
npx ncc build scripts/bench.ts -o .tools/bench -q
npx ncc build src/measure-worker.ts -o .tools/bench/measure-worker -q
sections=()
status=0

(
  export PATH="$(bash scripts/docker-engine.sh):$PATH"
  # A builder that exports, for the export rows.
  if [ -z "${SIZEGATE_BENCH_BUILDER:-}" ] && [ -f "$shared/buildkit/setup.sh" ]; then
    export DOCKER_CONFIG="$root/.tools/docker-config/bench-classic"
    mkdir -p "$DOCKER_CONFIG"
    SIZEGATE_BENCH_BUILDER="$(bash "$shared/buildkit/setup.sh" start)"
    export SIZEGATE_BENCH_BUILDER
  fi
  node .tools/bench/index.js section classic
) || status=1
sections+=(classic)

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (
    export PATH="$(SIZEGATE_ENGINE=current-containerd bash scripts/docker-engine.sh):$PATH"
    # Docker 28's client builds with BuildKit only through buildx: Debian's, the docker driver.
    export DOCKER_CONFIG="$root/.tools/docker-config/bench-containerd"
    mkdir -p "$DOCKER_CONFIG/cli-plugins"
    ln -sf "$(bash scripts/current-engine.sh buildx-plugin)" "$DOCKER_CONFIG/cli-plugins/"
    node .tools/bench/index.js section containerd
  ) || status=1
  sections+=(containerd)
  bash scripts/current-engine.sh stop containerd
  if [ -f "$shared/buildkit-current/setup.sh" ]; then
    (
      export PATH="$(SIZEGATE_ENGINE=current-classic bash scripts/docker-engine.sh):$PATH"
      export DOCKER_CONFIG="$root/.tools/docker-config/bench-hosted" SIZEGATE_BASE_MIRROR=localhost:5000
      mkdir -p "$DOCKER_CONFIG"
      bash "$shared/buildkit-current/setup.sh" install >/dev/null
      bash "$shared/buildkit-current/setup.sh" image >/dev/null
      bash scripts/hosted-builder.sh start >/dev/null
      node .tools/bench/index.js section hosted
    ) || status=1
    sections+=(hosted)
    bash scripts/current-engine.sh stop classic
  else
    echo "bench: no $shared/buildkit-current: the hosted runner's rows are left out" >&2
  fi
else
  echo "bench: the current engine needs root and apt-get: its rows are left out" >&2
fi

node .tools/bench/index.js join "${sections[@]}"

# Package detection's cost: a node_modules of over 1,000 real packages (npm ci from
# the registry), and the system's shared libraries (ELF files, no package metadata).
packages="$root/.tools/bench-packages"
mkdir -p "$packages"
cp scripts/bench-packages/package.json scripts/bench-packages/package-lock.json "$packages/"
(cd "$packages" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
count="$(find "$packages/node_modules" -name package.json | grep -cE '(^|/)node_modules/(@[^/]+/)?[^/.][^/]*/package.json$')"
tar -C "$packages" -cf "$packages/node-modules.tar" node_modules
tar -C / -cf "$packages/libraries.tar" usr/lib/x86_64-linux-gnu
npx ncc build scripts/bench-packages.ts -o .tools/bench-packages/bundle -q
node .tools/bench-packages/bundle/index.js run \
  "node_modules of $count package folders (react-scripts 5)" "$packages/node-modules.tar" \
  "shared libraries, no package metadata" "$packages/libraries.tar" >> docs/benchmarks.md || status=1
exit "$status"
