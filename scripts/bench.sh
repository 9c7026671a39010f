#!/usr/bin/env bash
# npm run bench: bundles scripts/bench.ts and runs it against the local engine.
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir="$(bash scripts/docker-engine.sh)"
export PATH="$bin_dir:$PATH"
npx ncc build scripts/bench.ts -o .tools/bench -q
node .tools/bench/index.js
