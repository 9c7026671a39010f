#!/usr/bin/env bash
# The test command: makes sure a Docker engine answers, puts its own client first
# on PATH (it runs BuildKit builds without buildx), then runs jest in ESM mode.
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir="$(bash scripts/docker-engine.sh)"
bash scripts/registry.sh
export PATH="$bin_dir:$PATH"
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" exec npx jest "$@"
