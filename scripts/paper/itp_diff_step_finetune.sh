#!/usr/bin/env bash
# Twin of the original scripts/itp_diff_step_finetune.sh: the linear path
# between a fine-tuned ReCoRD solution at update STEP1 (seed SEED1) and one at
# STEP2 (seed SEED2), from finetune_full_data.sh, at 26 points on dev and test.
# Results: ${SAVE_PATH}/${IDENTIFIER}/${TASK}_finetune_diff-step/SEED${SEED1}_STEP${STEP1}_and_SEED${SEED2}_STEP${STEP2}/
# (the original wrote "..._STEP" at the end: it used an unset ${STEP}).
#
#   scripts/paper/itp_diff_step_finetune.sh [--dry-run]
# Every variable below can be set in the environment. MODELS_PATH is where
# the tuning scripts saved their runs (their SAVE_PATH; the original's ./models).

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASK=${TASK:-superglue-record}
DATA_DIR=${DATA_DIR:-./data}
TUNE_METHOD=${TUNE_METHOD:-finetune}
SAVE_PATH=${SAVE_PATH:-./models_itp_result}
MODELS_PATH=${MODELS_PATH:-./models}
IDENTIFIER=${IDENTIFIER:-itp_diff_step}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./pretrained_models}
STEP1=${STEP1:-10000}
STEP2=${STEP2:-50000}
SEED1=${SEED1:-20}
SEED2=${SEED2:-30}

note "SEED1: $SEED1, SEED2: $SEED2, STEP1: $STEP1, STEP2: $STEP2, Task: $TASK, Identifier: $IDENTIFIER"
runs=${MODELS_PATH}/PET_full_data_${TUNE_METHOD}/${TASK}-${TUNE_METHOD}
mcplm interpolate \
  --task-dir "${DATA_DIR}/${TASK}" \
  --do-valid \
  --do-predict \
  --model "${PRETRAINED_MODEL_PATH}/t5.1.1.lm100k.base" \
  --tokenizer "${PRETRAINED_MODEL_PATH}/t5-v1_1-base" \
  --output-dir "${SAVE_PATH}/${IDENTIFIER}/${TASK}_${TUNE_METHOD}_diff-step/SEED${SEED1}_STEP${STEP1}_and_SEED${SEED2}_STEP${STEP2}" \
  --method model \
  --ckpt1 "${runs}-seed_${SEED1}/lr_0.0001_bsz_32_seed_${SEED1}/checkpoint@${STEP1}.safetensors" \
  --ckpt2 "${runs}-seed_${SEED2}/lr_0.0001_bsz_32_seed_${SEED2}/checkpoint@${STEP2}.safetensors" \
  --points 26
