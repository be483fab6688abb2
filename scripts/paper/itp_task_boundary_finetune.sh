#!/usr/bin/env bash
# Twin of the original RoBERTa_model/scripts/itp_task_boundary_finetune.sh and
# its configs configs/roberta-base/itp_boundary_TestUse_{mnli,sst2}_pre15k.json:
# the linear path between RoBERTa fine-tuned on MNLI (TASK1, update STEP1) and
# on SST-2 (TASK2, update STEP2), both from ckpt_${PRE_STEP} with seed SEED
# (from run_finetune.sh), evaluated on the dev set of each of tasks at 26
# points. Everything is interpolated except the classifier's out_proj (the
# tasks have different label sets): it comes from the endpoint tuned on the
# task being evaluated (--head-from auto).
# Results: ${SAVE_PATH}/task_boundary_finetune/${PRE_STEP/1000}k-TestUse_${task}/
#
#   scripts/paper/itp_task_boundary_finetune.sh [--dry-run]
# Every variable below can be set in the environment. MODELS_PATH is where
# run_finetune.sh saved its runs (its SAVE_PATH).

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

tasks=${TASKS:-"mnli sst2"}
pre_steps=${PRE_STEPS:-"15000"}
TASK1=${TASK1:-mnli}
TASK2=${TASK2:-sst2}
DATA_DIR=${DATA_DIR:-./data}
TASK_DIR_PREFIX=${TASK_DIR_PREFIX-glue-}
SAVE_PATH=${SAVE_PATH:-./roberta-base_itp_result}
MODELS_PATH=${MODELS_PATH:-./roberta-base_output}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./checkpoint}
TOKENIZER_PATH=${TOKENIZER_PATH:-./pretrained_models/roberta-base}
SEED=${SEED:-20}
STEP1=${STEP1:-10000}
STEP2=${STEP2:-3000}

for task in $tasks; do
  for pre_step in $pre_steps; do
    note "Dealing Task $task (ckpt_${pre_step})"
    mcplm interpolate \
      --task-dir "${DATA_DIR}/${TASK_DIR_PREFIX}${task}" \
      --model "${PRETRAINED_MODEL_PATH}/ckpt_${pre_step}" \
      --tokenizer "${TOKENIZER_PATH}" \
      --output-dir "${SAVE_PATH}/task_boundary_finetune/$((pre_step / 1000))k-TestUse_${task}" \
      --method model \
      --ckpt1 "${MODELS_PATH}/${TASK1}-ckpt${pre_step}-seed${SEED}/lr_5e-05_bsz_32_seed_${SEED}/checkpoint@${STEP1}.safetensors" \
      --ckpt2 "${MODELS_PATH}/${TASK2}-ckpt${pre_step}-seed${SEED}/lr_5e-05_bsz_32_seed_${SEED}/checkpoint@${STEP2}.safetensors" \
      --head-from auto \
      --roberta-max-length 128 \
      --predict-batch-size 32 \
      --points 26 \
      --do-valid
  done
done
