#!/usr/bin/env bash
# npm run bench: bundles scripts/bench.ts and runs it against the local engine.
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir="$(bash scripts/docker-engine.sh)"
export PATH="$bin_dir:$PATH"
bash scripts/registry.sh
# A builder that exports, for the export path's rows: the remote BuildKit of ../shared
# where this machine has it, or one named in SIZEGATE_BENCH_BUILDER.
setup=../shared/tools/buildkit/setup.sh
if [ -z "${SIZEGATE_BENCH_BUILDER:-}" ] && [ -f "$setup" ]; then
  SIZEGATE_BENCH_BUILDER="$(bash "$setup" start)"
  export SIZEGATE_BENCH_BUILDER
fi
npx ncc build scripts/bench.ts -o .tools/bench -q
node .tools/bench/index.js
