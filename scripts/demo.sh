#!/usr/bin/env bash
# Runs the action on the example in example/: builds its image, measures it and
# prints the size report. Base images that cannot be pulled are made locally.
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir="$(bash scripts/docker-engine.sh)"
export PATH="$bin_dir:$PATH"
[ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null

base=node:20-slim
if ! docker image inspect "$base" >/dev/null 2>&1 && ! timeout 60 docker pull -q "$base" >/dev/null 2>&1; then
  echo "demo: $base cannot be pulled here; making a stand-in base image locally"
  bash scripts/make-base-image.sh "$base"
fi

work="$PWD/.tools/demo"
rm -rf "$work" && mkdir -p "$work"
touch "$work/summary.md" "$work/outputs"
# Without a bridge network (as in CI here) RUN steps need network none.
network=default
docker network inspect bridge >/dev/null 2>&1 || network=none
echo "demo: building example/ (network: $network)"
INPUT_CONTEXT=example INPUT_NETWORK="$network" GITHUB_WORKSPACE="$PWD" \
  GITHUB_STEP_SUMMARY="$work/summary.md" GITHUB_OUTPUT="$work/outputs" RUNNER_TEMP="$work" \
  node dist/index.js > "$work/log" 2>&1 || { cat "$work/log"; exit 1; }
grep -E '^::(warning|error|notice)' "$work/log" || true
echo
cat "$work/summary.md"
echo
echo "Full report (JSON): .tools/demo/sizegate/$(ls "$work/sizegate" | grep '\.json$' | head -n 1)"
