#!/usr/bin/env bash
# Twin of the original scripts/finetune_full_data.sh: fine-tune all of T5 v1.1
# (LM-adapted, base) on each task with four seeds: 50k updates of batch 32 at
# lr 1e-4, validating every 5k and saving checkpoint@N every 10k.
# Results: ${SAVE_PATH}/${IDENTIFIER}/${TASK}-finetune-seed_${SEED}/lr_0.0001_bsz_32_seed_${SEED}/
#
#   scripts/paper/finetune_full_data.sh [--dry-run]
# Every variable below can be set in the environment (TASKS="glue-mnli" ...).

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASKS=${TASKS:-"superglue-record glue-mnli anli"}
DATA_DIR=${DATA_DIR:-./data}
TUNE_METHOD=${TUNE_METHOD:-finetune}
SAVE_PATH=${SAVE_PATH:-./models}
IDENTIFIER=${IDENTIFIER:-PET_full_data_finetune}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./pretrained_models}
SEEDS=${SEEDS:-"20 30 40 50"}

for TASK in $TASKS; do
  for SEED in $SEEDS; do
    note "Seed: $SEED, Task: $TASK, Identifier: $IDENTIFIER"
    mcplm tune \
      --task-dir "${DATA_DIR}/${TASK}" \
      --lr 1e-4 \
      --bsz 32 \
      --train-iters 50000 \
      --model "${PRETRAINED_MODEL_PATH}/t5.1.1.lm100k.base" \
      --tokenizer "${PRETRAINED_MODEL_PATH}/t5-v1_1-base" \
      --output-dir "${SAVE_PATH}/${IDENTIFIER}/${TASK}-${TUNE_METHOD}-seed_${SEED}" \
      --predict-batch-size 32 \
      --method model \
      --valid-interval 5000 \
      --output-interval 10000 \
      --log-interval 100 \
      --seed "${SEED}"
  done
done
