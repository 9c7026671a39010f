#!/usr/bin/env bash
# Makes a small base image from a static busybox, with stand-ins named like real
# tools (npm, node, pip, apt-get, go, cargo, mvn) that write files of realistic sizes, so that
# realistic Dockerfiles build offline. Tags it with every name given:
#   scripts/make-base-image.sh node:20-slim python:3.12-slim
# An image already made by this same script version is kept.
#
# With SIZEGATE_BASE_MIRROR=HOST:PORT each tag is also pushed where a builder that pulls
# its bases finds it (base-mirror.sh), so the same Dockerfiles build there.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 TAG [TAG...]" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
busybox="${BUSYBOX:-/bin/busybox}"
[ -x "$busybox" ] || { echo "make-base-image: $busybox is missing (apt-get install busybox-static)" >&2; exit 1; }
version="$(cat "$0" "$here"/base-image/* | sha256sum | cut -c1-16)"

missing=()
for tag in "$@"; do
  label="$(docker image inspect --format '{{ index .Config.Labels "sizegate.base" }}' "$tag" 2>/dev/null || true)"
  [ "$label" = "$version" ] || missing+=("$tag")
done

# shellcheck source=base-mirror.sh
. "$here/base-mirror.sh"

if [ ${#missing[@]} -eq 0 ]; then
  mirror_all "$@"
  exit 0
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,tmp,root,etc,usr/local/bin,usr/local/lib/standin,var/lib}
chmod 1777 "$root/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
cp "$here/base-image/fill.sh" "$root/usr/local/lib/standin/"
for tool in npm node pip apt-get go cargo mvn; do
  install -m 0755 "$here/base-image/$tool" "$root/usr/local/bin/$tool"
done
# A runtime of realistic weight (binaries barely compress): the same bytes in every
# image this script makes, since the stand-ins slice their files from it (fill.sh).
node -e '
  const { createHash } = require("node:crypto")
  const blocks = []
  for (let i = 0; i < 250000; i++) blocks.push(createHash("sha256").update(String(i)).digest())
  process.stdout.write(Buffer.concat(blocks))
' > "$root/usr/local/lib/runtime.so"

id="$(tar -C "$root" --numeric-owner --owner=0 --group=0 -c . |
  docker import --change "LABEL sizegate.base=$version" --change 'ENV PATH=/usr/local/bin:/bin' --change 'CMD ["sh"]' - )"
for tag in "${missing[@]}"; do docker tag "$id" "$tag"; done
echo "made base image ${missing[*]} ($id)"
mirror_all "$@"
