#!/usr/bin/env bash
# ctest: runs one scripts/paper/ script dry against the toy task and tiny
# stand-ins for the pre-trained models, then checks every printed command:
# it must be mcplm, parse and validate (`mcplm --check-args ...`), and name
# input directories (--model, --tokenizer, --task-dir) that exist.
#
#   tests/scripts/paper_script_dry_run.sh MCPLM_BINARY SCRIPT
set -euo pipefail
mcplm=$(realpath "$1")
script=$(realpath "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The directories the scripts read: T5 v1.1 and its tokenizer, RoBERTa
# pre-training checkpoints and the RoBERTa tokenizer, all in one folder.
pre=$tmp/pretrained
"$mcplm" init --family t5 --config "$root/data/toy/t5-tiny.json" \
  --tokenizer "$root/data/toy/tokenizer" --out "$pre/t5.1.1.lm100k.base" --seed 1 >/dev/null
cp -r "$root/data/toy/tokenizer" "$pre/t5-v1_1-base"
mkdir -p "$pre/ckpt_15000"
cp "$root/tests/fixtures/roberta-tiny/config.json" \
  "$root/tests/fixtures/roberta-tiny/model.safetensors" "$pre/ckpt_15000/"
cp -r "$root/tests/fixtures/roberta-tiny" "$pre/roberta-base"

export MCPLM=$mcplm DATA_DIR=$root/data/toy PRETRAINED_MODEL_PATH=$pre \
  TOKENIZER_PATH=$pre/roberta-base SAVE_PATH=$tmp/out MODELS_PATH=$tmp/models \
  TASKS=toy-sentiment TASK=toy-sentiment TASK1=toy-sentiment TASK2=toy-sentiment \
  TASK_DIR_PREFIX=""

"$script" --dry-run >"$tmp/commands" 2>"$tmp/notes"
DRY_RUN=1 "$script" >"$tmp/commands-env" 2>/dev/null
cmp -s "$tmp/commands" "$tmp/commands-env" || {
  echo "FAIL: --dry-run and DRY_RUN=1 print different commands"
  exit 1
}
[[ -s $tmp/commands ]] || {
  echo "FAIL: the dry run printed no command"
  exit 1
}
[[ ! -e $tmp/out && ! -e $tmp/models ]] || {
  echo "FAIL: the dry run wrote output"
  exit 1
}

n=0
while IFS= read -r line; do
  eval "set -- $line"
  [[ $1 == "$mcplm" ]] || {
    echo "FAIL: not an mcplm command: $line"
    exit 1
  }
  shift
  args=("$@")
  for ((i = 0; i + 1 < ${#args[@]}; i++)); do
    case ${args[i]} in
      --model | --tokenizer | --task-dir)
        [[ -d ${args[i + 1]} ]] || {
          echo "FAIL: ${args[i]} ${args[i + 1]}: no such directory in: $line"
          exit 1
        }
        ;;
    esac
  done
  if ! out=$("$mcplm" --check-args "$@" 2>&1); then
    echo "FAIL: mcplm --check-args rejects: $line"
    echo "$out"
    exit 1
  fi
  n=$((n + 1))
done <"$tmp/commands"
[[ ! -e $tmp/out && ! -e $tmp/models ]] || {
  echo "FAIL: --check-args wrote output"
  exit 1
}
echo "$(basename "$script"): $n command(s) parse"
