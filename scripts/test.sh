#!/usr/bin/env bash
# Builds the binary and the tests if needed, then runs the whole test suite
# through ctest (extra arguments go to ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh all
cd "${MCPLM_BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" "$@"
