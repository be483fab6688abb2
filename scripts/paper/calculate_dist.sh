#!/usr/bin/env bash
# Twin of the original utils/calculate_dist.sh: L2 distance, cosine
# similarity, parameter count and RMS distance between two checkpoints, into
# ${RESULT_PATH}/distance.txt (the original's layout) and distance.json.
# By default: the two adapter solutions of itp_diff_seed_adapter.sh, with the
# result beside that path's interpolation outputs.
#
#   scripts/paper/calculate_dist.sh [--dry-run]
# Every variable below can be set in the environment. MODELS_PATH is where
# the tuning scripts saved their runs (their SAVE_PATH; the original's ./models).

set -euo pipefail
# shellcheck source=scripts/paper/common.sh
source "$(dirname "$0")/common.sh" "$@"

TASK=${TASK:-glue-mnli}
TUNE_METHOD=${TUNE_METHOD:-adapter}
MODELS_PATH=${MODELS_PATH:-./models}
SAVE_PATH=${SAVE_PATH:-./models_itp_result}
STEP=${STEP:-50000}
SEED1=${SEED1:-20}
SEED2=${SEED2:-30}
runs=${MODELS_PATH}/PET_full_data_${TUNE_METHOD}/${TASK}-${TUNE_METHOD}
INPUT1=${INPUT1:-${runs}-seed_${SEED1}/lr_5e-05_bsz_32_seed_${SEED1}/checkpoint@${STEP}.safetensors}
INPUT2=${INPUT2:-${runs}-seed_${SEED2}/lr_5e-05_bsz_32_seed_${SEED2}/checkpoint@${STEP}.safetensors}
RESULT_PATH=${RESULT_PATH:-${SAVE_PATH}/itp_diff_seed/${TASK}_${TUNE_METHOD}_diff-seed/SEED${SEED1}_and_SEED${SEED2}_STEP${STEP}}

mcplm dist \
  --input1 "${INPUT1}" \
  --input2 "${INPUT2}" \
  --type "${TUNE_METHOD/finetune/model}" \
  --output "${RESULT_PATH}"
