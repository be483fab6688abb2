#!/usr/bin/env bash
# Twin of the original scripts/itp_same_domain_finetune.sh: the linear path
# between a model fine-tuned on MNLI (TASK1) and one fine-tuned on ANLI
# (TASK2), same seed, same update STEP (from finetune_full_data.sh), evaluated
# on each of TASKS at 26 points on dev and test.
# Results: ${SAVE_PATH}/${IDENTIFIER}/TestUse_${TASK}_${TASK1}+${TASK2}_samedomain_finetune/SEED${SEED}_STEP${STEP}/
# The original read lr_5e-05 runs although finetune_full_data.sh tunes at
# 1e-4; this twin reads the runs finetune_full_data.sh writes (LR_DIR).
#
#   scripts/paper/itp_same_domain_finetune.sh [--dry-run]
# Every variable below can be set in the environment. MODELS_PATH is where
# the tuning scripts saved their runs (their SAVE_PATH; the original's ./models).

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASK1=${TASK1:-glue-mnli}
TASK2=${TASK2:-anli}
TASKS=${TASKS:-"glue-mnli anli"}
DATA_DIR=${DATA_DIR:-./data}
TUNE_METHOD=${TUNE_METHOD:-finetune}
SAVE_PATH=${SAVE_PATH:-./models_itp_result}
MODELS_PATH=${MODELS_PATH:-./models}
IDENTIFIER=${IDENTIFIER:-itp_same_domain}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./pretrained_models}
STEPS=${STEPS:-"10000 30000 50000"}
SEEDS=${SEEDS:-"20 30"}
LR_DIR=${LR_DIR:-lr_0.0001_bsz_32}

for TASK in $TASKS; do
  for STEP in $STEPS; do
    for SEED in $SEEDS; do
      note "SEED: $SEED, STEP: $STEP, Test On: $TASK, Identifier: $IDENTIFIER"
      runs=${MODELS_PATH}/PET_full_data_finetune
      mcplm interpolate \
        --task-dir "${DATA_DIR}/${TASK}" \
        --do-valid \
        --do-predict \
        --model "${PRETRAINED_MODEL_PATH}/t5.1.1.lm100k.base" \
        --tokenizer "${PRETRAINED_MODEL_PATH}/t5-v1_1-base" \
        --output-dir "${SAVE_PATH}/${IDENTIFIER}/TestUse_${TASK}_${TASK1}+${TASK2}_samedomain_finetune/SEED${SEED}_STEP${STEP}" \
        --method model \
        --ckpt1 "${runs}/${TASK1}-finetune-seed_${SEED}/${LR_DIR}_seed_${SEED}/checkpoint@${STEP}.safetensors" \
        --ckpt2 "${runs}/${TASK2}-finetune-seed_${SEED}/${LR_DIR}_seed_${SEED}/checkpoint@${STEP}.safetensors" \
        --points 26
    done
  done
done
