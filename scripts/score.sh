#!/usr/bin/env bash
# Extract a corpus set and score it with the contract scorer:
#   scripts/score.sh seeds|dev [--docs]     the scorer's own table (../shared/tools/score.py)
#   scripts/score.sh dev --split            the same figures for the two fixed halves of the set (by document id):
#                                           judge a rule or lexicon change on the half it was not written for
#   scripts/score.sh dev --calibration      precision of the predicted facts by confidence band
set -euo pipefail
cd "$(dirname "$0")/.."
set_name=${1:-seeds}; shift || true
out=$(mktemp --suffix=.jsonl)
.venv/bin/pactgraph extract "../shared/corpus/$set_name/docs.jsonl" -o "$out" -q || true
gold="../shared/corpus/$set_name/gold.jsonl"
case " $* " in
  *" --split "*|*" --calibration "*) .venv/bin/pactgraph evaluate "$gold" "$out" "$@" ;;
  *) .venv/bin/python ../shared/tools/score.py "$gold" "$out" "$@" ;;
esac
echo "predictions: $out"
