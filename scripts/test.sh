#!/usr/bin/env bash
# Builds if needed, then runs the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cd "${MCPLM_BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" "$@"
