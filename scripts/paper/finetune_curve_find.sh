#!/usr/bin/env bash
# Twin of the original scripts/finetune_curve_find.sh (its last commit): a
# Bézier curve with one bend between two fine-tuned MNLI models (seeds
# SOURCE_SEED and TARGET_SEED at update STEP), lr 1e-4, batch 8, 5000 updates,
# evaluated at 26 points of t on the first 1000 dev lines and on test. The
# original runs with --do_predict alone, evaluating a curve trained before;
# `curve --resume` trains it when it is not there yet and otherwise
# evaluates it.
# Results: ${SAVE_PATH}/${IDENTIFIER}/${TASK}_${PET_NAME}-diff-perterb/SEED_${SOURCE_SEED}_and_SEED_${TARGET_SEED}_STEP_${STEP}/
#
#   scripts/paper/finetune_curve_find.sh [--dry-run]
# Every variable below can be set in the environment. MODELS_PATH is where
# the fine-tuned runs are (the original's LOAD_PET_PATH, ./models, read its
# PET_perterb_finetune runs); LR_DIR names their cells.

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASKS=${TASKS:-glue-mnli}
STEPS=${STEPS:-50000}
DATA_DIR=${DATA_DIR:-./data}
PET_NAME=${PET_NAME:-finetune}
BEND_NUM=${BEND_NUM:-1}
SAVE_PATH=${SAVE_PATH:-./models}
IDENTIFIER=${IDENTIFIER:-full_data_curve_find_${PET_NAME}}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./pretrained_models}
MODELS_PATH=${MODELS_PATH:-./models}
LR_DIR=${LR_DIR:-lr_0.0001_bsz_32}
SOURCE_SEED=${SOURCE_SEED:-20}
TARGET_SEEDS=${TARGET_SEEDS:-30}

for TASK in $TASKS; do
  for TARGET_SEED in $TARGET_SEEDS; do
    for STEP in $STEPS; do
      note "Task: $TASK, Identifier: $IDENTIFIER, Source_seed: $SOURCE_SEED, Target_seed: $TARGET_SEED, itpl_step: $STEP"
      runs=${MODELS_PATH}/PET_perterb_${PET_NAME}/${TASK}-${PET_NAME}
      mcplm curve \
        --task-dir "${DATA_DIR}/${TASK}" \
        --lr 1e-4 \
        --bsz 8 \
        --train-iters 5000 \
        --model "${PRETRAINED_MODEL_PATH}/t5.1.1.lm100k.base" \
        --tokenizer "${PRETRAINED_MODEL_PATH}/t5-v1_1-base" \
        --output-dir "${SAVE_PATH}/${IDENTIFIER}/${TASK}_${PET_NAME}-diff-perterb/SEED_${SOURCE_SEED}_and_SEED_${TARGET_SEED}_STEP_${STEP}" \
        --predict-batch-size 100 \
        --log-interval 10 \
        --save-interval 10000 \
        --method model \
        --ckpt1 "${runs}-seed_${SOURCE_SEED}/${LR_DIR}_seed_${SOURCE_SEED}/checkpoint@${STEP}.safetensors" \
        --ckpt2 "${runs}-seed_${TARGET_SEED}/${LR_DIR}_seed_${TARGET_SEED}/checkpoint@${STEP}.safetensors" \
        --bends "${BEND_NUM}" \
        --points 26 \
        --choose-dev-1000 \
        --resume
    done
  done
done
