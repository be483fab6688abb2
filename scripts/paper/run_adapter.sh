#!/usr/bin/env bash
# Twin of the original RoBERTa_model/scripts/run_adapter.sh and its configs
# RoBERTa_model/configs/adapter_roberta-base/{mnli,sst2}.json: tune adapters
# (bottleneck 24, plus every LayerNorm and the classifier, as OpenDelta's
# unfrozen_modules) in a RoBERTa-base pre-training checkpoint (ckpt_${PRE_STEP})
# on each task: AdamW at lr 3e-4 with linear decay to 0, no warmup, batch 32,
# max length 128; MNLI 50k updates, evaluating and saving every 10k; SST-2 15k
# updates, every 3k.
# Results: ${SAVE_PATH}/${task}-ckpt${PRE_STEP}-seed${SEED}/lr_0.0003_bsz_32_seed_${SEED}/checkpoint@N.safetensors
#
#   scripts/paper/run_adapter.sh [--dry-run]
# Every variable below can be set in the environment. Task directories are
# ${DATA_DIR}/${TASK_DIR_PREFIX}${task} (data/glue-mnli, data/glue-sst2).
# itp_diff_pretrain_adapter.sh needs SEEDS="20 30" and, for the curve over
# pre-training, several PRE_STEPS.

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

tasks=${TASKS:-"mnli sst2"}
DATA_DIR=${DATA_DIR:-./data}
TASK_DIR_PREFIX=${TASK_DIR_PREFIX-glue-}
SAVE_PATH=${SAVE_PATH:-./roberta-base_adapter_output}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./checkpoint}
TOKENIZER_PATH=${TOKENIZER_PATH:-./pretrained_models/roberta-base}
PRE_STEPS=${PRE_STEPS:-"15000"}
SEEDS=${SEEDS:-"20"}

for task in $tasks; do
  case $task in
    sst2) steps=15000 interval=3000 ;;
    *) steps=50000 interval=10000 ;;
  esac
  for PRE_STEP in $PRE_STEPS; do
    for SEED in $SEEDS; do
      note "Dealing Task $task (ckpt_${PRE_STEP}, seed $SEED)"
      mcplm tune \
        --task-dir "${DATA_DIR}/${TASK_DIR_PREFIX}${task}" \
        --model "${PRETRAINED_MODEL_PATH}/ckpt_${PRE_STEP}" \
        --tokenizer "${TOKENIZER_PATH}" \
        --output-dir "${SAVE_PATH}/${task}-ckpt${PRE_STEP}-seed${SEED}" \
        --method adapter \
        --roberta-adapter-size 24 \
        --optimizer adamw \
        --schedule linear \
        --warmup-steps 0 \
        --lr 3e-4 \
        --bsz 32 \
        --predict-batch-size 32 \
        --roberta-max-length 128 \
        --train-iters "${steps}" \
        --valid-interval "${interval}" \
        --output-interval "${interval}" \
        --seed "${SEED}"
    done
  done
done
