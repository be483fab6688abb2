#!/usr/bin/env bash
# Nightly-style check: builds everything with ASan + UBSan into build-asan/
# (-DMCPLM_SANITIZE=ON) and runs the unit and CLI tests there.
#   scripts/sanitize.sh [ctest arguments, e.g. -R TorchPickle]
# LibTorch itself is not instrumented; leak checking is off because its
# static initialisers keep allocations for the life of the process. In this
# build SentencePiece is opened with dlmopen (ASan rejects RTLD_DEEPBIND).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-asan
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMCPLM_SANITIZE=ON >/dev/null
fi
nice ninja -C "$build" -j"${JOBS:-2}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$build" && ctest -j"${JOBS:-2}" --output-on-failure --timeout 900 "$@"
