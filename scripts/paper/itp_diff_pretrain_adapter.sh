#!/usr/bin/env bash
# Twin of the original RoBERTa_model/scripts/itp_diff_pretrain_adapter.sh and
# its config configs/adapter_roberta-base/mnli_itp_pretrain_pre15k.json: for
# each pre-training checkpoint ckpt_${PRE_STEP}, the linear path between two
# adapter solutions of MNLI (seeds SEED1, SEED2, update STEP; from
# run_adapter.sh with SEEDS="20 30"), evaluated at 26 points on dev and test.
# Comparing the paths across PRE_STEPS shows how connectivity emerges during
# pre-training.
# Results: ${SAVE_PATH}/diff_adapter/${PRE_STEP/1000}k-TestUse_${task}/
#
#   scripts/paper/itp_diff_pretrain_adapter.sh [--dry-run]
# Every variable below can be set in the environment. MODELS_PATH is where
# run_adapter.sh saved its runs (its SAVE_PATH).

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

tasks=${TASKS:-"mnli"}
pre_steps=${PRE_STEPS:-"15000"}
DATA_DIR=${DATA_DIR:-./data}
TASK_DIR_PREFIX=${TASK_DIR_PREFIX-glue-}
SAVE_PATH=${SAVE_PATH:-./roberta-base_itp_result}
MODELS_PATH=${MODELS_PATH:-./roberta-base_adapter_output}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./checkpoint}
TOKENIZER_PATH=${TOKENIZER_PATH:-./pretrained_models/roberta-base}
SEED1=${SEED1:-20}
SEED2=${SEED2:-30}
STEP=${STEP:-10000}

for task in $tasks; do
  for pre_step in $pre_steps; do
    note "Dealing Task $task (ckpt_${pre_step})"
    runs=${MODELS_PATH}/${task}-ckpt${pre_step}
    mcplm interpolate \
      --task-dir "${DATA_DIR}/${TASK_DIR_PREFIX}${task}" \
      --model "${PRETRAINED_MODEL_PATH}/ckpt_${pre_step}" \
      --tokenizer "${TOKENIZER_PATH}" \
      --output-dir "${SAVE_PATH}/diff_adapter/$((pre_step / 1000))k-TestUse_${task}" \
      --method adapter \
      --ckpt1 "${runs}-seed${SEED1}/lr_0.0003_bsz_32_seed_${SEED1}/checkpoint@${STEP}.safetensors" \
      --ckpt2 "${runs}-seed${SEED2}/lr_0.0003_bsz_32_seed_${SEED2}/checkpoint@${STEP}.safetensors" \
      --roberta-max-length 128 \
      --predict-batch-size 32 \
      --points 26 \
      --do-valid \
      --do-predict
  done
done
