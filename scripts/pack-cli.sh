#!/usr/bin/env bash
# The CLI's package, as a release attaches it: the bundle (dist/cli), the README and
# the licence, with a manifest written here from package.json that declares no
# dependencies: the bundle holds them all, so installing it fetches nothing. The
# repository's own manifest lists what dist/ ships as dependencies, which is what
# `npm ls --omit=dev` and `npm audit --omit=dev` read.
#
#   pack-cli.sh [DESTINATION]   writes sizegate-VERSION.tgz there (default: the current
#                               folder) and prints its path
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
destination="$(cd "${1:-.}" && pwd)"
[ -f "$root/dist/cli/index.js" ] || {
  echo "pack-cli: no dist/cli/index.js; run npm run bundle first" >&2
  exit 1
}
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/dist"
cp -R "$root/dist/cli" "$stage/dist/cli"
cp "$root/README.md" "$root/LICENSE" "$stage/"
node -e '
const manifest = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
const keep = ["name", "version", "description", "type", "bin", "files", "engines", "license"]
const packed = Object.fromEntries(keep.filter(key => key in manifest).map(key => [key, manifest[key]]))
require("fs").writeFileSync(process.argv[2], JSON.stringify(packed, null, 2) + "\n")
' "$root/package.json" "$stage/package.json"
name="$(cd "$stage" && npm pack --ignore-scripts --pack-destination "$destination" --silent)"
echo "$destination/$name"
