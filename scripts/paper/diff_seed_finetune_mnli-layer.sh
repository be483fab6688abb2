#!/usr/bin/env bash
# Twin of the original scripts/diff_seed_finetune_mnli-layer.sh (its last
# commit): weight-find between two MNLI fine-tuning runs of finetune_full_data.sh
# that differ only in the seed (SOURCE_SEED and TARGET_SEED) at update STEP,
# one weight per layer of a block (encoder.block.N.layer.M; tensors outside the blocks each their own): lr 1e-1 and 5e-2, batch 8, 100000 updates,
# validation every 100 updates on the first 1000 dev lines, weight_find@N.json
# every 10000.
# Results: ${SAVE_PATH}/${IDENTIFIER}/${TASK}_${PET_NAME}-diff-SEED/SEED_${SOURCE_SEED}_and_SEED_${TARGET_SEED}_STEP_${STEP}/
#
#   scripts/paper/diff_seed_finetune_mnli-layer.sh [--dry-run]
# Every variable below can be set in the environment. MODELS_PATH is where
# finetune_full_data.sh saved its runs (its SAVE_PATH; the original's
# LOAD_PET_PATH, ./models); LR_DIR names their cells.

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASKS=${TASKS:-glue-mnli}
STEPS=${STEPS:-50000}
DATA_DIR=${DATA_DIR:-data_full_new}
PET_NAME=${PET_NAME:-finetune}
FILTER=${FILTER:-layer}
SAVE_PATH=${SAVE_PATH:-./models}
IDENTIFIER=${IDENTIFIER:-full_data_finetune_${FILTER}_10w}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./pretrained_models}
MODELS_PATH=${MODELS_PATH:-./models}
LR_DIR=${LR_DIR:-lr_0.0001_bsz_32}
SOURCE_SEED=${SOURCE_SEED:-20}
TARGET_SEEDS=${TARGET_SEEDS:-50}

for TASK in $TASKS; do
  for TARGET_SEED in $TARGET_SEEDS; do
    for STEP in $STEPS; do
      note "Task: $TASK, Identifier: $IDENTIFIER, Source_seed: $SOURCE_SEED, Target_seed: $TARGET_SEED, itpl_step: $STEP"
      runs=${MODELS_PATH}/PET_full_data_${PET_NAME}/${TASK}-${PET_NAME}
      mcplm weight-find \
        --task-dir "${DATA_DIR}/${TASK}" \
        --lr 1e-1 5e-2 \
        --bsz 8 \
        --train-iters 100000 \
        --model "${PRETRAINED_MODEL_PATH}/t5.1.1.lm100k.base" \
        --tokenizer "${PRETRAINED_MODEL_PATH}/t5-v1_1-base" \
        --output-dir "${SAVE_PATH}/${IDENTIFIER}/${TASK}_${PET_NAME}-diff-SEED/SEED_${SOURCE_SEED}_and_SEED_${TARGET_SEED}_STEP_${STEP}" \
        --predict-batch-size 100 \
        --valid-interval 100 \
        --output-interval 10000 \
        --log-interval 100 \
        --ckpt1 "${runs}-seed_${SOURCE_SEED}/${LR_DIR}_seed_${SOURCE_SEED}/checkpoint@${STEP}.safetensors" \
        --ckpt2 "${runs}-seed_${TARGET_SEED}/${LR_DIR}_seed_${TARGET_SEED}/checkpoint@${STEP}.safetensors" \
        --filter "${FILTER}" \
        --choose-dev-1000
    done
  done
done
