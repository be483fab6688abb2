#!/usr/bin/env bash
# Twin of the original scripts/adapter_curve_find.sh (its last commit): a
# Bézier curve with one bend between two MNLI adapter runs that differ only
# in the std of their initial adapters (R_STD1 and R_STD2, `tune --r-std`,
# seed 20, lr 5e-4, batch 16; no script of the original makes them), trained
# with lr 1e-4, batch 16, 10000 updates, then evaluated at 26 points of t.
# Results: ${SAVE_PATH}/${IDENTIFIER}/${TASK}_curve_find-seed_${SEED}_std_${R_STD1}_and_${R_STD2}_5w-bend_${BEND_NUM}/
#
#   scripts/paper/adapter_curve_find.sh [--dry-run]
# Every variable below can be set in the environment. MODELS_PATH is where
# the adapter runs are (the original's LOAD_PET_PATH, ./models).

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASKS=${TASKS:-glue-mnli}
DATA_DIR=${DATA_DIR:-./data}
ADAPTER_SIZE=${ADAPTER_SIZE:-12}
BEND_NUM=${BEND_NUM:-1}
SAVE_PATH=${SAVE_PATH:-./models}
IDENTIFIER=${IDENTIFIER:-full_data_curve_find_adapter}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./pretrained_models}
MODELS_PATH=${MODELS_PATH:-./models}
SEED=${SEED:-20}
R_STD1=${R_STD1:-0.02}
R_STD2=${R_STD2:-0.08}
STEP=${STEP:-50000}

for TASK in $TASKS; do
  note "Task: $TASK, Identifier: $IDENTIFIER"
  runs=${MODELS_PATH}/PET_full_data_adapter/${TASK}-adapter_size_${ADAPTER_SIZE}-seed_${SEED}
  mcplm curve \
    --task-dir "${DATA_DIR}/${TASK}" \
    --lr 1e-4 \
    --bsz 16 \
    --train-iters 10000 \
    --model "${PRETRAINED_MODEL_PATH}/t5.1.1.lm100k.base" \
    --tokenizer "${PRETRAINED_MODEL_PATH}/t5-v1_1-base" \
    --output-dir "${SAVE_PATH}/${IDENTIFIER}/${TASK}_curve_find-seed_${SEED}_std_${R_STD1}_and_${R_STD2}_5w-bend_${BEND_NUM}" \
    --predict-batch-size 100 \
    --log-interval 100 \
    --save-interval 10000 \
    --method adapter \
    --ckpt1 "${runs}-r_std_${R_STD1}/lr_0.0005_bsz_16_seed_${SEED}/checkpoint@${STEP}.safetensors" \
    --ckpt2 "${runs}-r_std_${R_STD2}/lr_0.0005_bsz_16_seed_${SEED}/checkpoint@${STEP}.safetensors" \
    --bends "${BEND_NUM}" \
    --points 26
done
