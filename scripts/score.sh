#!/usr/bin/env bash
# Extract a corpus set and score it with the contract scorer: scripts/score.sh seeds|dev [--docs]
set -euo pipefail
cd "$(dirname "$0")/.."
set_name=${1:-seeds}; shift || true
out=$(mktemp --suffix=.jsonl)
.venv/bin/pactgraph extract "../shared/corpus/$set_name/docs.jsonl" -o "$out" -q || true
.venv/bin/python ../shared/tools/score.py "../shared/corpus/$set_name/gold.jsonl" "$out" "$@"
echo "predictions: $out"
