#!/usr/bin/env bash
# Twin of the original scripts/itp_split_data_finetune.sh: the linear path
# between the two models fine-tuned on the two halves of MNLI's training set
# (same seed, same update STEP; from finetune_split_data.sh), at 26 points on
# dev and test.
# Results: ${SAVE_PATH}/${IDENTIFIER}/${TASK}_finetune_datasplit/seed${SEED}_STEP${STEP}/
#
#   scripts/paper/itp_split_data_finetune.sh [--dry-run]
# Every variable below can be set in the environment. MODELS_PATH is where
# the tuning scripts saved their runs (their SAVE_PATH; the original's ./models).

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASK=${TASK:-glue-mnli}
DATA_DIR=${DATA_DIR:-./data}
TUNE_METHOD=${TUNE_METHOD:-finetune}
SAVE_PATH=${SAVE_PATH:-./models_itp_result}
MODELS_PATH=${MODELS_PATH:-./models}
IDENTIFIER=${IDENTIFIER:-itp_data_split}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./pretrained_models}
STEPS=${STEPS:-"10000 30000 50000"}
SEEDS=${SEEDS:-"20 30"}

for SEED in $SEEDS; do
  for STEP in $STEPS; do
    note "SEED: $SEED, Task: $TASK, STEP: $STEP, Identifier: $IDENTIFIER"
    runs=${MODELS_PATH}/PET_datasplit_${TUNE_METHOD}/${TASK}-datasplit/seed_${SEED}
    mcplm interpolate \
      --task-dir "${DATA_DIR}/${TASK}" \
      --do-valid \
      --do-predict \
      --model "${PRETRAINED_MODEL_PATH}/t5.1.1.lm100k.base" \
      --tokenizer "${PRETRAINED_MODEL_PATH}/t5-v1_1-base" \
      --output-dir "${SAVE_PATH}/${IDENTIFIER}/${TASK}_${TUNE_METHOD}_datasplit/seed${SEED}_STEP${STEP}" \
      --method model \
      --ckpt1 "${runs}-split1/lr_5e-05_bsz_32_seed_${SEED}/checkpoint@${STEP}.safetensors" \
      --ckpt2 "${runs}-split2/lr_5e-05_bsz_32_seed_${SEED}/checkpoint@${STEP}.safetensors" \
      --points 26
  done
done
