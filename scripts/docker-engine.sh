#!/usr/bin/env bash
# Makes sure a Docker engine answers and that its own client comes first on PATH.
# Shared by .ci/run, the README commands and the tests (through `npm run engine`).
#
# Where no engine answers it installs and starts one if it can (root on Debian:
# docker.io and busybox-static, dockerd without a bridge, as CI and this project's
# tests expect); anywhere else it stops with one line saying to start Docker first.
# Prints, as its last line, the folder to put first on PATH.
#
# SIZEGATE_ENGINE chooses the engine where several can run (CI runs each in turn):
#   system (default)      whichever engine answers, else Debian's own (20.10 on Debian 12)
#   current-classic       Docker 28 from Debian's newer suites, classic image store
#   current-containerd    the same with the containerd image store (Docker 29's default)
# (scripts/current-engine.sh; it runs beside the system's engine on a socket of its own).
set -euo pipefail

bin_dir="${SIZEGATE_BIN_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.tools/bin}"
log_file="${SIZEGATE_DOCKERD_LOG:-/tmp/sizegate-dockerd.log}"

say() { echo "docker-engine: $*" >&2; }

engine_answers() { "$1" info >/dev/null 2>&1; }

# The engine package's client runs BuildKit builds without the buildx plugin;
# a newer client in /usr/local/bin refuses them.
pick_client() {
  if [ -x /usr/bin/docker ]; then echo /usr/bin/docker; else command -v docker || true; fi
}

install_engine() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "no Docker engine answers; start Docker first (or run this as root on Debian to install one)."
    exit 1
  fi
  say "installing docker.io and busybox-static from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends docker.io busybox-static >/dev/null
}

start_engine() {
  say "starting dockerd (no bridge; builds use network=none), log in $log_file"
  nohup dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    >"$log_file" 2>&1 &
  for _ in $(seq 1 60); do
    engine_answers "$1" && return 0
    sleep 1
  done
  say "dockerd did not answer within 60 s; last lines of its log:"
  tail -n 20 "$log_file" >&2
  exit 1
}

case "${SIZEGATE_ENGINE:-system}" in
  system) ;;
  current-classic | current-containerd)
    # The current engine borrows runc and tini-static from Debian's docker.io.
    if [ ! -x /bin/busybox ] || ! command -v runc >/dev/null 2>&1 || [ ! -x /usr/bin/tini-static ]; then
      install_engine
    fi
    exec bash "$(dirname "$0")/current-engine.sh" start "${SIZEGATE_ENGINE#current-}"
    ;;
  *)
    say "SIZEGATE_ENGINE=$SIZEGATE_ENGINE: expected system, current-classic or current-containerd"
    exit 2
    ;;
esac

client="$(pick_client)"
if [ -z "$client" ] || ! engine_answers "$client"; then
  if ! command -v dockerd >/dev/null 2>&1 || [ ! -x /usr/bin/docker ]; then install_engine; fi
  client=/usr/bin/docker
  engine_answers "$client" || start_engine "$client"
fi
# Tests build base images from a static busybox; make sure it is there too.
if [ ! -x /bin/busybox ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  install_engine
fi

mkdir -p "$bin_dir"
ln -sf "$client" "$bin_dir/docker"
say "engine $("$client" version --format '{{.Server.Version}}' 2>/dev/null) answers; client $client"
echo "$bin_dir"
