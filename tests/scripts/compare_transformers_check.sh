#!/usr/bin/env bash
# bench/compare_transformers.py on the tiny T5 fixture and 8 toy dev lines:
# with transformers installed, the comparison runs and prints its ratio;
# without, it says what to install (exit 2). Skipped (77) without python3.
# MCPLM_PYTHON names another Python (e.g. /usr/bin/python3 with Debian's
# python3-torch and transformers on PYTHONPATH; README: performance).
#   compare_transformers_check.sh MCPLM_BINARY SOURCE_DIR
set -euo pipefail
mcplm=$1 src=$2
python=${MCPLM_PYTHON:-python3}
command -v "$python" >/dev/null || { echo "skipped: no $python"; exit 77; }
script=$src/bench/compare_transformers.py
"$python" -c "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])" "$script"
compare() { # MODEL_DIR
  "$python" "$script" --mcplm "$mcplm" --model "$1" --task-dir "$src/data/toy/toy-sentiment" \
    --split dev --limit 8 --max-input-length 64 --max-output-length 8 --threads 1 2>&1
}
set +e
out=$(compare "$src/tests/fixtures/t5-tiny")
code=$?
set -e
echo "$out"
if "$python" -c "import torch, transformers" 2>/dev/null; then
  [[ $code -eq 0 ]] || { echo "FAIL: exit $code with transformers installed"; exit 1; }
  grep -q "^transformers / mcplm time per point: [0-9.]*x$" <<<"$out" || { echo "FAIL: no ratio line"; exit 1; }
  grep -q "^mcplm: .* loss " <<<"$out" || { echo "FAIL: no mcplm line"; exit 1; }
  # The same point computed twice: both losses (mcplm's, then transformers')
  # agree to the printed digits.
  losses() { sed -n 's/^\(mcplm:\|transformers\) .* loss \([0-9.]*\) .*/\2/p' <<<"$1"; }
  [[ $(losses "$out" | wc -l) -eq 2 ]] || { echo "FAIL: not two losses"; exit 1; }
  [[ $(losses "$out" | sort -u | wc -l) -eq 1 ]] || { echo "FAIL: the losses differ"; exit 1; }
  # A directory with model.safetensors only (as `mcplm init` writes; transformers
  # before 4.20 reads only pytorch_model.bin) gives the same loss.
  only=$(mktemp -d)
  trap 'rm -rf "$only"' EXIT
  cp "$src/tests/fixtures/t5-tiny/"{config.json,model.safetensors,spiece.model} "$only"
  again=$(compare "$only") || { echo "FAIL: $again"; exit 1; }
  echo "$again"
  [[ $(losses "$again") == "$(losses "$out")" ]] || { echo "FAIL: safetensors-only loss differs"; exit 1; }
else
  [[ $code -eq 2 ]] || { echo "FAIL: exit $code without transformers (want 2)"; exit 1; }
  grep -q "^compare_transformers: error: .* is not installed here (pip install torch transformers sentencepiece)$" <<<"$out" ||
    { echo "FAIL: the missing package is not named"; exit 1; }
fi
# A task directory without the split's file is named.
set +e
out=$("$python" "$script" --mcplm "$mcplm" --model "$src/tests/fixtures/t5-tiny" --task-dir "$src/data/toy" 2>&1)
code=$?
set -e
[[ $code -eq 2 ]] && grep -q "toy_dev.tsv: missing file" <<<"$out" || { echo "FAIL: $out"; exit 1; }
echo "ok"
