#!/usr/bin/env bash
# The project's workflows and the examples' checked by action-validator (from npm),
# against GitHub's workflow schema. action.yml is left out: the validator's schema
# predates `using: node24`, which GitHub runs.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for workflow in .github/workflows/*.yml examples/*/.github/workflows/*.yml; do
  node_modules/.bin/action-validator "$workflow" >/dev/null || {
    echo "$workflow: not a valid workflow:" >&2
    node_modules/.bin/action-validator "$workflow" >&2 || true
    status=1
  }
done
exit "$status"
