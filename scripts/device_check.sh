#!/usr/bin/env bash
# The GPU check of `--device cuda`, for a machine with an NVIDIA GPU, a PyTorch
# install with CUDA, nvcc, cmake, ninja and g++, but none of Debian's -dev
# packages: those come from .devdeps/ (scripts/device_deps.sh fills it on a
# Debian machine; carry it along). Builds mcplm against PyTorch's LibTorch,
# runs the parity tests on the GPU, the toy pipeline with --device cuda (and
# one run on the CPU to compare), then `bench train|eval --config base`.
# Each stage is timed and logged to $OUT/<stage>.log; $OUT/summary.txt lists
# every stage with its exit code. Runs from the repository root:
#   OUT=/tmp/out scripts/device_check.sh
# Environment: MCPLM_PYTHON (default /opt/torch/.venv/bin/python3, else
# python3), MCPLM_TORCH_PREFIX (LibTorch's CMake prefix, e.g. an unpacked
# LibTorch archive; default: the PyTorch install's), MCPLM_DEPS (default
# .devdeps), JOBS (default 16), OUT (default device-check/),
# MCPLM_CHECK_SECONDS (default 470: later stages are skipped). The tests that
# need the shared data read $MCPLM_SHARED, default <deps>/shared when
# device_deps.sh copied it; the parity tests use tests/fixtures.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-device-check}
mkdir -p "$out"
out=$(cd "$out" && pwd)
deps=${MCPLM_DEPS:-.devdeps}
jobs=${JOBS:-16}
build=build-cuda
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

deadline=$((started + ${MCPLM_CHECK_SECONDS:-470}))

# stage NAME TIMEOUT_S COMMAND...: runs COMMAND (a function of this script or
# a program), logging to $OUT/NAME.log, with timestamps; at most TIMEOUT_S
# seconds and never past the deadline (then it is skipped). Records the exit
# code; shows the log's tail on failure.
stage() {
  local name=$1 limit=$2
  shift 2
  local t0=$(date +%s)
  ((limit > deadline - t0)) && limit=$((deadline - t0))
  if ((limit < 5)); then
    echo "$name: skipped, out of time" | tee -a "$out/summary.txt"
    return 1
  fi
  echo "== $(date '+%H:%M:%S') +$((t0 - started))s $name (at most ${limit}s)"
  timeout "$limit" bash -c '"$@"' _ "$@" >"$out/$name.log" 2>&1
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
  "$python" - <<'PY'
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
  du -sh "$deps"
}

configure() {
  local prefix=${MCPLM_TORCH_PREFIX:-}
  [[ -n $prefix ]] || prefix=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)') ||
    return 1
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
    -DMCPLM_DEPS_PREFIX="$deps" ${CUDACXX:+-DCMAKE_CUDA_COMPILER="$CUDACXX"}
}

compile() {
  # Every error, not the first screenful: the log is the record of this run.
  cmake --build "$build" -j "$jobs" --target mcplm mcplm_tests -- -k 0 &&
    ldd "$build/mcplm" | grep -E 'torch|c10|cuda'
}

device_tests() {
  MCPLM_TEST_DEVICE=cuda "$build/mcplm_tests" \
    --gtest_filter='T5Parity*:RobertaParity*:TrainParity*:Device*:DeviceCli*:T5Greedy*' \
    --gtest_output="xml:$out/device_tests.xml"
}

# The quick start's pipeline on cuda, and the first adapter run again on the
# CPU: `dist` between the two says how far CUDA's arithmetic took it.
pipeline() {
  local m="$build/mcplm" run="$out/toy" task=data/toy/toy-sentiment
  set -e
  $m init --family t5 --config data/toy/t5-tiny.json --tokenizer data/toy/tokenizer \
    --out "$run/t5-random" --seed 1
  $m tune --quiet --device cuda --model "$run/t5-random" --task-dir $task \
    --output-dir "$run/base" --method model --lr 1e-3 --bsz 32 --train-iters 40 --seed 1 --no-predict
  $m export --checkpoint "$(ls -d "$run"/base/lr_*_seed_1)/checkpoint-last.safetensors" \
    --model "$run/t5-random" --out "$run/t5"
  for device in cuda cpu; do
    for seed in 20 30; do
      [[ $device == cpu && $seed == 30 ]] && continue
      $m tune --quiet --device $device --model "$run/t5" --task-dir $task \
        --output-dir "$run/adapter-$device" --method adapter --adapter-size 12 --lr 1e-2 --bsz 32 \
        --train-iters 150 --valid-interval 50 --seed $seed
    done
    cat "$run/adapter-$device/result.csv"
  done
  local a b
  a=$(ls -d "$run"/adapter-cuda/lr_*_seed_20)/checkpoint-last.safetensors
  b=$(ls -d "$run"/adapter-cuda/lr_*_seed_30)/checkpoint-last.safetensors
  echo "-- cuda seed 20 vs cpu seed 20 (same run on two devices)"
  $m dist --input1 "$a" --input2 "$(ls -d "$run"/adapter-cpu/lr_*_seed_20)/checkpoint-last.safetensors"
  echo "-- cuda seed 20 vs cuda seed 30 (two solutions)"
  $m dist --input1 "$a" --input2 "$b"
  $m interpolate --device cuda --model "$run/t5" --ckpt1 "$a" --ckpt2 "$b" --task-dir $task \
    --output-dir "$run/interpolation" --points 11 --do-valid --do-predict
  cat "$run/interpolation/result.csv"
  $m cartography --quiet --device cuda --model "$run/t5" --task-dir $task \
    --output-dir "$run/cartography" --method adapter --adapter-size 12 --lr 1e-2 --bsz 32 \
    --train-epochs 2 --seed 20 --no-predict
  $m split-tune --split 1 --quiet --device cuda --model "$run/t5" --task-dir $task \
    --output-dir "$run/split1" --method adapter --lr 1e-2 --bsz 32 --train-iters 20 --seed 20
  for device in cuda cpu; do
    $m forward --device $device --model tests/fixtures/t5-tiny \
      --inputs tests/fixtures/t5_forward.safetensors --output "$run/forward-$device.safetensors" \
      --generate-max-length 8
  done
  $m dist --input1 "$run/forward-cpu.safetensors" --input2 "$run/forward-cuda.safetensors"
}

cpu_suite() {
  # The whole suite on the CPU against this LibTorch (MKL, not Debian's).
  (cd "$build" && ctest -j "$jobs" --timeout 120 --output-on-failure)
}

export out deps jobs build python
export -f environment configure compile device_tests pipeline cpu_suite

stage environment 45 environment
if stage configure 150 configure && stage build 360 compile; then
  stage device_tests 90 device_tests
  stage bench_train 60 "$build/mcplm" bench train --config base --device cuda --iterations 5
  stage bench_eval 60 "$build/mcplm" bench eval --config base --device cuda --iterations 5 \
    --compare-original
  stage pipeline 150 pipeline
  stage bench_roberta 45 "$build/mcplm" bench model --config roberta-base --device cuda
  stage bench_train_cpu 45 "$build/mcplm" bench train --config small --iterations 2
  stage cpu_suite 300 cpu_suite
fi
echo "== $(date '+%H:%M:%S') +$(($(date +%s) - started))s done"
cat "$out/summary.txt"
for log in bench_train bench_eval bench_roberta bench_train_cpu; do
  [[ -f $out/$log.log ]] && { echo "-- $log"; cat "$out/$log.log"; }
done
