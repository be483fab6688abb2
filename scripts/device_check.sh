#!/usr/bin/env bash
# The GPU check of `--device cuda`, for a machine with an NVIDIA GPU, a PyTorch
# install with CUDA, nvcc, cmake, ninja and g++, but none of Debian's -dev
# packages: those come from .devdeps/ (scripts/device_deps.sh fills it on a
# Debian machine; carry it along). Builds mcplm against PyTorch's LibTorch,
# runs the parity tests on the GPU, the toy pipeline with --device cuda (and
# one run on the CPU to compare), `bench train|eval --config base` in fp32 and
# bf16, and one interpolation point of a T5-base-shaped model on the RTE dev
# file. Each stage is timed and logged to $OUT/<stage>.log; $OUT/summary.txt
# lists every stage with its exit code. Runs from the repository root:
#   OUT=/tmp/out scripts/device_check.sh
# Environment: MCPLM_PYTHON (default /opt/torch/.venv/bin/python3, else
# python3), MCPLM_TORCH_PREFIX (LibTorch's CMake prefix, e.g. an unpacked
# LibTorch archive; default: the PyTorch install's), MCPLM_DEPS (default
# .devdeps; empty: the system's packages), JOBS (default: the core count), OUT (default device-check/),
# MCPLM_CHECK_SECONDS (default 420: later stages are skipped; the budgets
# below add up to it so that one run and a rerun fit 15 minutes of device
# time), MCPLM_BUILD_TYPE (default Release), MCPLM_CHECK_DEVICE (default cuda),
# MCPLM_CHECK_RTE_LINES (RTE dev lines of the interpolation point; 0, the
# default: all 250), MCPLM_CHECK_STRETCH (multiplies every stage's budget; 1,
# the default, for the GPU machine).
# The tests that need the shared data read $MCPLM_SHARED, default
# <deps>/shared when device_deps.sh copied it; the parity tests use
# tests/fixtures.
#
# Dry run on a Debian machine without a GPU (every stage on the CPU, against
# Debian's LibTorch; RelWithDebInfo reuses the ccache of a normal build):
#   MCPLM_DEPS= MCPLM_CHECK_DEVICE=cpu MCPLM_BUILD_TYPE=RelWithDebInfo \
#     MCPLM_TORCH_PREFIX=/usr/lib/$(gcc -print-multiarch)/cmake MCPLM_PYTHON=/bin/false \
#     MCPLM_CHECK_RTE_LINES=4 MCPLM_CHECK_STRETCH=6 MCPLM_CHECK_SECONDS=1500 OUT=/tmp/dry \
#     scripts/device_check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-device-check}
mkdir -p "$out"
out=$(cd "$out" && pwd)
deps=${MCPLM_DEPS-.devdeps}
jobs=${JOBS:-$(nproc)}
build=build-cuda
build_type=${MCPLM_BUILD_TYPE:-Release}
device=${MCPLM_CHECK_DEVICE:-cuda}
python=${MCPLM_PYTHON:-/opt/torch/.venv/bin/python3}
[[ -x $python ]] || python=python3
[[ -d /usr/local/cuda/bin ]] && export PATH="/usr/local/cuda/bin:$PATH"
export TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-9.0}
if [[ -z ${MCPLM_SHARED:-} && -d $deps/shared ]]; then
  MCPLM_SHARED=$(cd "$deps/shared" && pwd)
  export MCPLM_SHARED
fi
started=$(date +%s)
: >"$out/summary.txt"

deadline=$((started + ${MCPLM_CHECK_SECONDS:-420}))
stretch=${MCPLM_CHECK_STRETCH:-1}

# stage NAME TIMEOUT_S COMMAND...: runs COMMAND (a function of this script or
# a program), logging to $OUT/NAME.log, with timestamps; at most TIMEOUT_S
# seconds and never past the deadline (then it is skipped). Records the exit
# code; shows the log's tail on failure.
stage() {
  local name=$1 limit=$(($2 * stretch))
  shift 2
  local t0=$(date +%s)
  ((limit > deadline - t0)) && limit=$((deadline - t0))
  if ((limit < 5)); then
    echo "$name: skipped, out of time" | tee -a "$out/summary.txt"
    return 1
  fi
  echo "== $(date '+%H:%M:%S') +$((t0 - started))s $name (at most ${limit}s)"
  # -k: mcplm takes SIGTERM as "stop at the next safe point", which a benchmark
  # may not reach in time; SIGKILL 10 s later.
  timeout -k 10 "$limit" bash -c '"$@"' _ "$@" >"$out/$name.log" 2>&1
  local rc=$?
  local line="$name: exit $rc, $(($(date +%s) - t0)) s"
  echo "$line" | tee -a "$out/summary.txt"
  if ((rc != 0)); then
    # Compiler errors first (the whole log comes back in $OUT), then the end.
    grep -m 30 -A 4 ' error: \|^CMake Error' "$out/$name.log"
    tail -n 15 "$out/$name.log"
  fi
  return $rc
}

environment() {
  nvidia-smi || true
  "$python" - <<'PY' || echo "no PyTorch in $python"
import torch
print("torch", torch.__version__, "cuda", torch.version.cuda, "available",
      torch.cuda.is_available(), "cxx11 abi", torch.compiled_with_cxx11_abi())
print("cmake prefix", torch.utils.cmake_prefix_path)
PY
  command -v nvcc && nvcc --version | tail -n 2
  cmake --version | head -n 1
  ninja --version
  g++ --version | head -n 1
  nproc
  if [[ -n $deps ]]; then du -sh "$deps"; fi
}

configure() {
  local prefix=${MCPLM_TORCH_PREFIX:-}
  [[ -n $prefix ]] || prefix=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)') ||
    return 1
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DCMAKE_PREFIX_PATH="$prefix" \
    -DMCPLM_DEPS_PREFIX="$deps" ${CUDACXX:+-DCMAKE_CUDA_COMPILER="$CUDACXX"}
}

compile() {
  # Every error, not the first screenful: the log is the record of this run.
  cmake --build "$build" -j "$jobs" --target mcplm mcplm_tests -- -k 0 &&
    ldd "$build/mcplm" | grep -E 'torch|c10|cuda'
}

device_tests() {
  MCPLM_TEST_DEVICE=$device "$build/mcplm_tests" \
    --gtest_filter='T5Parity*:RobertaParity*:TrainParity*:Device*:DeviceCli*:T5Greedy*' \
    --gtest_output="xml:$out/device_tests.xml"
}

# The quick start's pipeline on the device, and the first adapter run again on
# the CPU: `dist` between the two says how far the device's arithmetic took it.
# Directories: on-device/ (the device under test), on-cpu/ (the comparison).
pipeline() {
  local m="$build/mcplm" run="$out/toy" task=data/toy/toy-sentiment
  set -e
  $m init --family t5 --config data/toy/t5-tiny.json --tokenizer data/toy/tokenizer \
    --out "$run/t5-random" --seed 1
  $m tune --quiet --device "$device" --model "$run/t5-random" --task-dir $task \
    --output-dir "$run/base" --method model --lr 1e-3 --bsz 32 --train-iters 40 --seed 1 --no-predict
  $m export --checkpoint "$(ls -d "$run"/base/lr_*_seed_1)/checkpoint-last.safetensors" \
    --model "$run/t5-random" --out "$run/t5"
  local where on seeds
  for where in device cpu; do
    on=$device seeds="20 30"
    [[ $where == cpu ]] && on=cpu seeds=20
    for seed in $seeds; do
      $m tune --quiet --device "$on" --model "$run/t5" --task-dir $task \
        --output-dir "$run/on-$where" --method adapter --adapter-size 12 --lr 1e-2 --bsz 32 \
        --train-iters 150 --valid-interval 50 --seed "$seed"
    done
    cat "$run/on-$where/result.csv"
  done
  local a b
  a=$(ls -d "$run"/on-device/lr_*_seed_20)/checkpoint-last.safetensors
  b=$(ls -d "$run"/on-device/lr_*_seed_30)/checkpoint-last.safetensors
  echo "-- $device seed 20 vs cpu seed 20 (same run on two devices)"
  $m dist --input1 "$a" --input2 "$(ls -d "$run"/on-cpu/lr_*_seed_20)/checkpoint-last.safetensors"
  echo "-- $device seed 20 vs $device seed 30 (two solutions)"
  $m dist --input1 "$a" --input2 "$b"
  $m interpolate --device "$device" --model "$run/t5" --ckpt1 "$a" --ckpt2 "$b" --task-dir $task \
    --output-dir "$run/interpolation" --points 11 --do-valid --do-predict
  cat "$run/interpolation/result.csv"
  $m cartography --quiet --device "$device" --model "$run/t5" --task-dir $task \
    --output-dir "$run/cartography" --method adapter --adapter-size 12 --lr 1e-2 --bsz 32 \
    --train-epochs 2 --seed 20 --no-predict
  $m split-tune --split 1 --quiet --device "$device" --model "$run/t5" --task-dir $task \
    --output-dir "$run/split1" --method adapter --lr 1e-2 --bsz 32 --train-iters 20 --seed 20
  for where in device cpu; do
    on=$device
    [[ $where == cpu ]] && on=cpu
    $m forward --device "$on" --model tests/fixtures/t5-tiny \
      --inputs tests/fixtures/t5_forward.safetensors --output "$run/forward-$where.safetensors" \
      --generate-max-length 8
  done
  $m dist --input1 "$run/forward-cpu.safetensors" --input2 "$run/forward-device.safetensors"
}

# One interpolation point (assign + evaluate) of a T5-base-shaped model (random
# weights, T5's tokenizer) on the 250 lines of RTE dev, mcplm's way and the
# original's way (no decoder cache): seconds, tokens per second and the ratio.
interpolate_base() {
  set -e
  local m="$build/mcplm" rte=${MCPLM_SHARED:-../shared}/data/glue-rte
  [[ -f $rte/glue-rte_dev.tsv ]] || { echo "no RTE dev file under $rte"; return 1; }
  $m init --family t5 --config bench/t5-base.json --tokenizer tests/fixtures/t5-tiny \
    --out "$out/t5-base" --seed 1
  $m bench interpolate --device "$device" --model "$out/t5-base" --task-dir "$rte" --split dev \
    --points 2 --generate-max-length 8 --limit "${MCPLM_CHECK_RTE_LINES:-0}" --compare-original
}

cpu_suite() {
  # The whole suite on the CPU against this LibTorch (MKL, not Debian's).
  (cd "$build" && ctest -j "$jobs" --timeout 120 --output-on-failure)
}

export out deps jobs build build_type device python
export -f environment configure compile device_tests pipeline interpolate_base cpu_suite

# Budgets (seconds) add up to the default deadline of 420 with the build at
# 16 cores; on a slower machine the later stages are skipped, not cut.
stage environment 20 environment
if stage configure 40 configure && stage build 200 compile; then
  stage device_tests 40 device_tests
  for precision in fp32 bf16; do
    stage bench_train_$precision 20 "$build/mcplm" bench train --config base --device "$device" \
      --iterations 3 --precision $precision
    stage bench_eval_$precision 20 "$build/mcplm" bench eval --config base --device "$device" \
      --iterations 3 --compare-original --precision $precision
  done
  stage interpolate_base 40 interpolate_base
  stage pipeline 60 pipeline
  stage bench_roberta 15 "$build/mcplm" bench model --config roberta-base --device "$device"
  stage cpu_suite 300 cpu_suite
fi
echo "== $(date '+%H:%M:%S') +$(($(date +%s) - started))s done"
cat "$out/summary.txt"
for log in bench_train_fp32 bench_train_bf16 bench_eval_fp32 bench_eval_bf16 interpolate_base \
  bench_roberta; do
  [[ -f $out/$log.log ]] && { echo "-- $log"; cat "$out/$log.log"; }
done
