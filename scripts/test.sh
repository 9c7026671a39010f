#!/usr/bin/env bash
# The test command: installs the project's packages where they are missing or
# older than the lock file, makes sure a Docker engine answers, puts its own client
# first on PATH (it runs BuildKit builds without buildx), then runs jest in ESM mode.
# Whether buildx is installed decides which builder the ordinary tests use; the
# buildx tests say why they are skipped where it, or a remote builder, is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >&2
fi
bin_dir="$(bash scripts/docker-engine.sh)"
bash scripts/registry.sh
export PATH="$bin_dir:$PATH"
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" exec node_modules/.bin/jest "$@"
