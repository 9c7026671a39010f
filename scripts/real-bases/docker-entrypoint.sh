#!/bin/sh
# The first argument is a flag, or not a program on PATH, or a file that is not
# executable: it is meant for node.
set -e
first="${1:-}"
case "$first" in
  -*) set -- node "$@" ;;
  *)
    if ! command -v "$first" >/dev/null 2>&1 || { [ -f "$first" ] && [ ! -x "$first" ]; }; then
      set -- node "$@"
    fi
    ;;
esac
exec "$@"
