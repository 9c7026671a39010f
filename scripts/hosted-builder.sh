#!/usr/bin/env bash
# The builder of a GitHub-hosted runner after docker/setup-buildx-action: a
# docker-container builder on the current BuildKit, made the current one.
#
#   hosted-builder.sh start [NAME]   create and boot it (default name: sizegate-hosted)
#   hosted-builder.sh stop [NAME]    remove it
#
# Created with the flags setup-buildx-action passes, plus what this machine needs and
# a runner does not: host networking (the engine runs without a bridge, and the tests'
# registry is on 127.0.0.1) and that registry as the mirror of docker.io and gcr.io,
# where scripts/make-base-image.sh pushes the tests' base images (SIZEGATE_BASE_MIRROR),
# so the tests' Dockerfiles build unchanged. Needs the moby/buildkit image in the engine
# (../shared/tools/buildkit-current/setup.sh image) and a registry (scripts/registry.sh).
set -euo pipefail
name="${2:-sizegate-hosted}"
mirror="${SIZEGATE_BASE_MIRROR:-localhost:5000}"

start() {
  local config
  config="$(mktemp)"
  cat >"$config" <<TOML
[registry."docker.io"]
  mirrors = ["$mirror"]
[registry."gcr.io"]
  mirrors = ["$mirror"]
[registry."$mirror"]
  http = true
TOML
  docker buildx rm "$name" >/dev/null 2>&1 || true
  docker buildx create --name "$name" --driver docker-container \
    --driver-opt network=host \
    --buildkitd-flags '--allow-insecure-entitlement security.insecure --allow-insecure-entitlement network.host' \
    --buildkitd-config "$config" --use >/dev/null
  rm -f "$config"
  docker buildx inspect --bootstrap "$name" >/dev/null
  echo "$name"
}

case "${1:-}" in
  start) start ;;
  stop) docker buildx rm "$name" >/dev/null 2>&1 || true ;;
  *)
    sed -n '2,13p' "$0" >&2
    exit 2
    ;;
esac
