#!/usr/bin/env bash
# Runs the action on the demo in examples/demo/, as a push to main and then as a pull
# request that lets dev dependencies into the final image: prints main's size
# report, the comment the PR would get and the gate's verdict.
# Base images that cannot be pulled are made locally.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
bin_dir="$(bash scripts/docker-engine.sh)"
export PATH="$bin_dir:$PATH"
[ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null

base=node:20-slim
if ! docker image inspect "$base" >/dev/null 2>&1 && ! timeout 60 docker pull -q "$base" >/dev/null 2>&1; then
  echo "demo: $base cannot be pulled here; making a stand-in base image locally"
  bash scripts/make-base-image.sh "$base"
fi
# Without a bridge network (as in CI here) RUN steps need network none.
network=default
docker network inspect bridge >/dev/null 2>&1 || network=none

work="$root/.tools/demo"
repo="$work/repo"
rm -rf "$work" && mkdir -p "$repo"
cp -r examples/demo/. "$repo"
commit() { git -C "$repo" -c user.name=demo -c user.email=demo@example.invalid commit -qam "$1"; git -C "$repo" rev-parse HEAD; }
git -C "$repo" init -q -b main && git -C "$repo" add .
main_sha="$(commit 'example service')"
# The regression: node_modules from the builder stage, dev dependencies and all.
sed -i 's#COPY --from=deps /app/node_modules#COPY --from=builder /app/node_modules#' "$repo/Dockerfile"
pr_sha="$(commit 'take node_modules from the builder')"

# run NAME EVENT [VAR=VALUE...]: the bundled action, as the runner would start it.
run() {
  local name=$1 event=$2
  shift 2
  mkdir -p "$work/$name"
  touch "$work/$name/summary.md" "$work/$name/outputs"
  (cd "$repo" && env GITHUB_WORKSPACE="$repo" RUNNER_TEMP="$work/$name" GITHUB_EVENT_NAME="$event" \
    GITHUB_STEP_SUMMARY="$work/$name/summary.md" GITHUB_OUTPUT="$work/$name/outputs" \
    GITHUB_REPOSITORY=example/service INPUT_NETWORK="$network" "$@" \
    node "$root/dist/index.js" >"$work/$name/log" 2>&1) || true
  if grep -q '^::error::' "$work/$name/log" && ! grep -q '^::error::Size limit crossed' "$work/$name/log"; then
    cat "$work/$name/log"
    exit 1
  fi
}
output() { # output RUN NAME: one output of a run
  node -e 'const [file, name] = process.argv.slice(1); const text = require("fs").readFileSync(file, "utf8");
    const m = new RegExp(`^${name}<<(\\S+)\\n([\\s\\S]*?)\\n\\1$`, "m").exec(text); process.stdout.write(m ? m[2] : "")' \
    "$work/$1/outputs" "$2"
}

echo "demo: main at ${main_sha:0:7} (network: $network)"
git -C "$repo" checkout -q "$main_sha"
run main push GITHUB_REF=refs/heads/main GITHUB_SHA="$main_sha" INPUT_BASELINE=none
sed -n '/^## sizegate: image sizes/,/^<\/details>/p' "$work/main/summary.md"

echo
echo "demo: pull request at ${pr_sha:0:7}, compared with main built in a worktree, max-increase 10%, 5MB, fixes verified by builds"
git -C "$repo" checkout -q "$pr_sha"
printf '{"pull_request":{"number":1,"base":{"ref":"main","sha":"%s"},"head":{"sha":"%s"}}}' "$main_sha" "$pr_sha" >"$work/event.json"
run pr pull_request GITHUB_REF=refs/pull/1/merge GITHUB_SHA="$pr_sha" GITHUB_EVENT_PATH="$work/event.json" \
  INPUT_BASELINE=build INPUT_COMMENT=never "INPUT_MAX-INCREASE=10%, 5MB" INPUT_VERIFY-FIXES=true
echo "----- the comment this pull request gets -----"
output pr comment-body
echo "----------------------------------------------"
if [ "$(output pr exceeded)" = true ]; then
  echo "verdict: the check fails: $(sed -n 's/^::error::Size limit crossed: //p' "$work/pr/log" | sed 's/%25/%/g')"
else
  echo "verdict: the check passes"
fi
echo "Reports (JSON): .tools/demo/main/sizegate/ and .tools/demo/pr/sizegate/"
