#!/usr/bin/env bash
# npm run docs:screenshots: runs the demo, then renders its PR comment in Debian's
# headless Chromium (installed here where missing) into docs/comment*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SIZEGATE_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core fonts-noto-color-emoji >/dev/null
fi
bash scripts/demo.sh >/dev/null
npx ncc build scripts/screenshots.ts -o .tools/screenshots -q -e playwright-core
node .tools/screenshots/index.js
