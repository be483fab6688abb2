#!/usr/bin/env bash
# Twin of the original scripts/itp_traindata_adapter.sh: the linear path
# between two adapter solutions of MNLI that differ in the seed, evaluated on
# the TRAINING set at 6 points, for the forgetting analysis (which examples
# each point gets wrong: zero_list/one_list in valid_data_analysis.json; join
# them with cartography.json using process_cartography.sh).
# Results: ${SAVE_PATH}/${IDENTIFIER}/${TASK}_adapter_diff-seed/SEED${SEED1}_and_SEED${SEED2}_STEP${STEP}/
# STEP=10 is the original's value: adapter_full_data.sh saves checkpoint@N
# every 10000 updates, so pick one of those, or tune with --output-interval 10.
#
#   scripts/paper/itp_traindata_adapter.sh [--dry-run]
# Every variable below can be set in the environment. MODELS_PATH is where
# the tuning scripts saved their runs (their SAVE_PATH; the original's ./models).

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASK=${TASK:-glue-mnli}
DATA_DIR=${DATA_DIR:-./data}
TUNE_METHOD=${TUNE_METHOD:-adapter}
SAVE_PATH=${SAVE_PATH:-./models_itp_result}
MODELS_PATH=${MODELS_PATH:-./models}
IDENTIFIER=${IDENTIFIER:-itp_on_traindata}
PRETRAINED_MODEL_PATH=${PRETRAINED_MODEL_PATH:-./pretrained_models}
STEP=${STEP:-10}
SEED1=${SEED1:-20}
SEED2=${SEED2:-30}

note "SEED1: $SEED1, SEED2: $SEED2, Task: $TASK, Identifier: $IDENTIFIER"
runs=${MODELS_PATH}/PET_full_data_${TUNE_METHOD}/${TASK}-${TUNE_METHOD}
mcplm interpolate \
  --task-dir "${DATA_DIR}/${TASK}" \
  --model "${PRETRAINED_MODEL_PATH}/t5.1.1.lm100k.base" \
  --tokenizer "${PRETRAINED_MODEL_PATH}/t5-v1_1-base" \
  --output-dir "${SAVE_PATH}/${IDENTIFIER}/${TASK}_${TUNE_METHOD}_diff-seed/SEED${SEED1}_and_SEED${SEED2}_STEP${STEP}" \
  --method "${TUNE_METHOD}" \
  --ckpt1 "${runs}-seed_${SEED1}/lr_5e-05_bsz_32_seed_${SEED1}/checkpoint@${STEP}.safetensors" \
  --ckpt2 "${runs}-seed_${SEED2}/lr_5e-05_bsz_32_seed_${SEED2}/checkpoint@${STEP}.safetensors" \
  --points 6 \
  --on-train
