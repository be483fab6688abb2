#!/usr/bin/env bash
# Twin of the original scripts/adapter_cartography.sh: tune Houlsby adapters
# (bottleneck 12) on MNLI for 8 epochs of batch 64 at lr 5e-5 and, after every
# epoch, score every training example (confidence of the gold label,
# correctness) into cartography.json.
# Results: ${SAVE_PATH}/${IDENTIFIER}/${TASK}-adapter-seed_${SEED}/lr_5e-05_bsz_64_seed_${SEED}/cartography.json
#
#   scripts/paper/adapter_cartography.sh [--dry-run]
# Every variable below can be set in the environment.

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASK=${TASK:-glue-mnli}
DATA_DIR=${DATA_DIR:-./data}
TUNE_METHOD=${TUNE_METHOD:-adapter}
SAVE_PATH=${SAVE_PATH:-./models}
IDENTIFIER=${IDENTIFIER:-PET_adapter_cartography}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./pretrained_models}
SEEDS=${SEEDS:-"20"}

for SEED in $SEEDS; do
  note "Seed: $SEED, Task: $TASK, Identifier: $IDENTIFIER"
  mcplm cartography \
    --task-dir "${DATA_DIR}/${TASK}" \
    --lr 5e-5 \
    --bsz 64 \
    --train-epochs 8 \
    --model "${PRETRAINED_MODEL_PATH}/t5.1.1.lm100k.base" \
    --tokenizer "${PRETRAINED_MODEL_PATH}/t5-v1_1-base" \
    --output-dir "${SAVE_PATH}/${IDENTIFIER}/${TASK}-${TUNE_METHOD}-seed_${SEED}" \
    --predict-batch-size 32 \
    --method "${TUNE_METHOD}" \
    --log-interval 100 \
    --seed "${SEED}" \
    --adapter-type houlsby \
    --adapter-size 12
done
