#!/usr/bin/env bash
# Makes sure a container registry answers on 127.0.0.1:5000 for push tests: Debian's
# docker-registry, installed (as root on Debian) and started where none answers.
# Without one, the push tests say so and are skipped.
set -euo pipefail
addr=127.0.0.1:5000
dir="${SIZEGATE_REGISTRY_DIR:-/tmp/sizegate-registry}"
say() { echo "registry: $*" >&2; }
answers() { node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://$addr/v2/"; }

answers && exit 0
if ! command -v docker-registry >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "no registry on $addr and docker-registry is not installed; push tests are skipped."
    exit 0
  fi
  say "installing docker-registry from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-registry >/dev/null ||
    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-registry >/dev/null; }
fi
mkdir -p "$dir/data"
cat > "$dir/config.yml" <<YAML
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $dir/data }, delete: { enabled: true } }
http: { addr: $addr }
YAML
say "starting docker-registry on $addr"
nohup docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
for _ in $(seq 1 30); do answers && exit 0; sleep 0.5; done
say "docker-registry did not answer; its log:"
tail -n 20 "$dir/log" >&2
exit 1
