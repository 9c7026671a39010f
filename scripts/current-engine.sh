#!/usr/bin/env bash
# The Docker engine of GitHub's hosted runners, beside the system's own: Debian's newest
# docker.io, docker-cli, containerd and docker-buildx, unpacked (never installed) into
# .tools/current-engine and started on a socket of its own.
#
#   current-engine.sh start classic|containerd   start it with that image store (the
#                                                containerd store is what Docker 29 makes
#                                                the default); prints, as its last line,
#                                                the folder whose `docker` talks to it
#   current-engine.sh stop classic|containerd    stop it (its images stay for next time)
#   current-engine.sh buildx-plugin              print the path of Debian's docker-buildx
#                                                (unpacked), to link into a cli-plugins folder
#
# The printed folder holds `docker` (the engine's own 28.x client, with DOCKER_HOST set)
# and `docker-buildx`; put it first on PATH. Each store has its own socket, data and
# containerd namespace, so both run beside Debian 12's engine without meeting it.
# Needs root, apt-get and Debian 12's runc and tini-static (docker.io brings them): sid's
# runc and docker-init need a newer glibc (../shared/notes/runtime-facts.md).
set -euo pipefail
root_dir="$(cd "$(dirname "$0")/.." && pwd)/.tools/current-engine"
say() { echo "current-engine: $*" >&2; }

# sid's packages, downloaded and unpacked once with a private apt configuration.
unpack_packages() {
  [ -x "$root_dir/root/usr/sbin/dockerd" ] && return 0
  local apt_dir="$root_dir/apt" o
  mkdir -p "$apt_dir/lists" "$apt_dir/cache" "$root_dir/root"
  echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main' \
    >"$apt_dir/sources.list"
  o="-o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=- -o Dir::State::Lists=$apt_dir/lists -o Dir::Cache=$apt_dir/cache"
  say "downloading docker.io, docker-cli, containerd, docker-buildx from Debian sid"
  # shellcheck disable=SC2086
  apt-get $o update -q >/dev/null
  # shellcheck disable=SC2086
  (cd "$apt_dir" && apt-get $o download docker.io docker-cli containerd docker-buildx >/dev/null 2>&1)
  for deb in "$apt_dir"/*.deb; do dpkg -x "$deb" "$root_dir/root"; done
  rm -rf "$apt_dir"
}

# runc and docker-init from this system (sid's need glibc 2.38), the rest from sid.
link_binaries() {
  local bin="$root_dir/bin" sys_runc tini
  sys_runc="$(command -v runc || echo /usr/sbin/runc)"
  tini="$(command -v tini-static || echo /usr/bin/tini-static)"
  [ -x "$sys_runc" ] && [ -x "$tini" ] || {
    say "needs runc and tini-static from Debian (apt-get install docker.io brings both)"
    exit 1
  }
  mkdir -p "$bin"
  for tool in containerd containerd-shim-runc-v2 ctr; do
    ln -sf "$root_dir/root/usr/bin/$tool" "$bin/$tool"
  done
  ln -sf "$root_dir/root/usr/sbin/dockerd" "$bin/dockerd"
  ln -sf "$sys_runc" "$bin/runc"
  ln -sf "$tini" "$bin/docker-init"
}

# The folder the tests and CI put first on PATH: the 28.x client bound to this engine.
client_folder() {
  local store="$1" dir="$root_dir/client-$1"
  mkdir -p "$dir"
  cat >"$dir/docker" <<SH
#!/bin/sh
# Docker's client, bound to the current engine ($store image store).
export DOCKER_HOST="\${SIZEGATE_CURRENT_DOCKER_HOST:-unix://$root_dir/$store/docker.sock}"
exec "$root_dir/root/usr/bin/docker" "\$@"
SH
  chmod +x "$dir/docker"
  echo "$dir"
}

answers() { DOCKER_HOST="unix://$root_dir/$1/docker.sock" "$root_dir/root/usr/bin/docker" info >/dev/null 2>&1; }

start() {
  local store="$1" state="$root_dir/$1"
  unpack_packages
  link_binaries
  mkdir -p "$state"
  if ! answers "$store"; then
    local features='{}'
    [ "$store" = containerd ] && features='{"features":{"containerd-snapshotter":true}}'
    [ "$store" = classic ] && features='{"features":{"containerd-snapshotter":false}}'
    echo "$features" >"$state/daemon.json"
    say "starting dockerd 28 ($store image store) on $state/docker.sock, log in $state/dockerd.log"
    PATH="$root_dir/bin:$PATH" nohup dockerd \
      --config-file "$state/daemon.json" \
      --host "unix://$state/docker.sock" \
      --data-root "$state/data" --exec-root "$state/exec" --pidfile "$state/docker.pid" \
      --containerd-namespace "sizegate-$store" --containerd-plugins-namespace "sizegate-$store-plugins" \
      --bridge=none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
      >"$state/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do
      answers "$store" && break
      sleep 1
    done
    answers "$store" || {
      say "dockerd did not answer within 60 s; last lines of its log:"
      tail -n 20 "$state/dockerd.log" >&2
      exit 1
    }
  fi
  client_folder "$store"
}

stop() {
  local pidfile="$root_dir/$1/docker.pid" netns
  [ -f "$pidfile" ] || return 0
  kill "$(cat "$pidfile")" 2>/dev/null || true
  for _ in $(seq 1 30); do
    [ -f "$pidfile" ] || break
    sleep 1
  done
  # dockerd leaves its network namespace mounted, which would keep the folder busy.
  for netns in "$root_dir/$1"/exec/netns/*; do
    [ -e "$netns" ] && umount "$netns" 2>/dev/null || true
  done
}

case "${1:-} ${2:-}" in
  "start classic" | "start containerd") start "$2" ;;
  "buildx-plugin ")
    unpack_packages
    echo "$root_dir/root/usr/libexec/docker/cli-plugins/docker-buildx"
    ;;
  "stop classic" | "stop containerd") stop "$2" ;;
  *)
    echo "usage: $0 start|stop classic|containerd, or $0 buildx-plugin" >&2
    exit 2
    ;;
esac
