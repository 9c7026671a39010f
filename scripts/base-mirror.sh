# Sourced by the scripts that make the tests' base images (make-base-image.sh,
# real-bases.sh). A builder that pulls its base images (a docker-container builder, as
# on GitHub's hosted runners) cannot see the engine's: with SIZEGATE_BASE_MIRROR=HOST:PORT
# each tag is also pushed where a BuildKit configured with that registry as docker.io's
# mirror finds it (node:20-slim → HOST:PORT/library/node:20-slim; gcr.io/x/y → HOST:PORT/x/y
# for a BuildKit that mirrors gcr.io there too).
mirror_all() {
  [ -n "${SIZEGATE_BASE_MIRROR:-}" ] || return 0
  local tag remote
  for tag in "$@"; do
    case "$tag" in
      *.*/* | *:*/*) remote="$SIZEGATE_BASE_MIRROR/${tag#*/}" ;; # gcr.io/x/y: that registry's mirror
      */*) remote="$SIZEGATE_BASE_MIRROR/$tag" ;;
      *) remote="$SIZEGATE_BASE_MIRROR/library/$tag" ;;
    esac
    docker tag "$tag" "$remote"
    docker push -q "$remote" >/dev/null
  done
}
