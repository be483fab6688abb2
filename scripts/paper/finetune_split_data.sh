#!/usr/bin/env bash
# Twin of the original scripts/finetune_split_data.sh: fine-tune T5 v1.1
# (LM-adapted, base) on each half of MNLI's training set (split1: first half,
# split2: second half) with two seeds: 50k updates of batch 32 at lr 5e-5.
# Results: ${SAVE_PATH}/${IDENTIFIER}/${TASK}-datasplit/seed_${SEED}-${SPLIT}/lr_5e-05_bsz_32_seed_${SEED}/
#
#   scripts/paper/finetune_split_data.sh [--dry-run]
# Every variable below can be set in the environment.

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASK=${TASK:-glue-mnli}
DATA_DIR=${DATA_DIR:-./data}
TUNE_METHOD=${TUNE_METHOD:-model}
SAVE_PATH=${SAVE_PATH:-./models}
IDENTIFIER=${IDENTIFIER:-PET_datasplit_finetune}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./pretrained_models}
SEEDS=${SEEDS:-"20 30"}
SPLITS=${SPLITS:-"split1 split2"}

for SEED in $SEEDS; do
  for SPLIT in $SPLITS; do
    note "Seed: $SEED, Task: $TASK, Split: $SPLIT, Identifier: $IDENTIFIER"
    mcplm split-tune \
      --split "${SPLIT#split}" \
      --task-dir "${DATA_DIR}/${TASK}" \
      --lr 5e-5 \
      --bsz 32 \
      --train-iters 50000 \
      --model "${PRETRAINED_MODEL_PATH}/t5.1.1.lm100k.base" \
      --tokenizer "${PRETRAINED_MODEL_PATH}/t5-v1_1-base" \
      --output-dir "${SAVE_PATH}/${IDENTIFIER}/${TASK}-datasplit/seed_${SEED}-${SPLIT}" \
      --predict-batch-size 32 \
      --method "${TUNE_METHOD}" \
      --valid-interval 5000 \
      --output-interval 10000 \
      --log-interval 100 \
      --seed "${SEED}"
  done
done
