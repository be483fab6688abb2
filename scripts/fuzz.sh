#!/usr/bin/env bash
# Builds one libFuzzer target with clang (ASan + UBSan) into build-fuzz/ and
# runs it for SECONDS, seeded from the fixtures and the malformed corpus.
#   scripts/fuzz.sh TARGET SECONDS [extra libFuzzer flags]
# TARGET: safetensors torch_pickle t5_config roberta_config task_file bpe loop_counters sentencepiece
# A crash leaves its input in build-fuzz/crashes/TARGET/; turn it into a case of
# tests/malformed (make_corpus.py) together with the fix. Example: the
# sentencepiece target found SentencePiece's Normalizer reading outside a
# corrupted model's precompiled_charsmap; our wrapper now checks the charsmap
# first (src/spm/charsmap_check.cpp) and the model is the case
# tokenizer_spiece_charsmap_out_of_bounds.
set -euo pipefail
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
cxx=${CXX_FUZZ:-$(command -v clang++ || command -v clang++-14)}
cc=${CC_FUZZ:-$(command -v clang || command -v clang-14)}

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_COMPILER="$cc" -DMCPLM_FUZZ=ON -DMCPLM_BUILD_TESTS=OFF >/dev/null
fi
nice ninja -C "$build" -j"${JOBS:-2}" "fuzz_$target"

seeds=$build/seeds/$target corpus=$build/corpus/$target crashes=$build/crashes/$target
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$crashes"
fix=$root/tests/fixtures bad=$root/tests/malformed
seed() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$seeds/$(echo "$f" | md5sum | cut -c1-12)-$(basename "$f")"; done; true; }
case $target in
  safetensors) seed "$fix"/adafactor.safetensors "$fix"/t5_adapter_weights.safetensors "$bad"/safetensors/* ;;
  torch_pickle)  # the data.pkl records of the fixtures' torch files
    python3 - "$seeds" "$fix"/*.pt "$fix"/*/pytorch_model.bin "$bad"/torch/*.pt <<'PY'
import os, sys, zipfile
for i, path in enumerate(sys.argv[2:]):
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith("data.pkl"):
                    open(os.path.join(sys.argv[1], f"{i}-data.pkl"), "wb").write(z.read(name))
    except zipfile.BadZipFile:
        pass
PY
    ;;
  t5_config) seed "$fix"/t5-tiny/config.json "$root"/data/toy/t5-tiny.json "$bad"/config/t5_* ;;
  roberta_config) seed "$fix"/roberta-tiny/config.json "$bad"/config/roberta_* ;;
  task_file) seed "$root"/data/toy/toy-sentiment/toy-sentiment_dev.tsv "$bad"/tasks/*/*.tsv ;;
  bpe)  # vocab.json NUL merges.txt
    for d in "$fix"/roberta-tiny "$bad"/tokenizers/*; do
      [ -f "$d/vocab.json" ] && { cat "$d/vocab.json"; printf '\0'; cat "$d/merges.txt" 2>/dev/null || true; } \
        > "$seeds/$(basename "$d")"
    done
    printf '{"a": 0, "b": 1, "ab": 2, "\xc4\xa0": 3}\0#version: 0.2\na b\n' > "$seeds/small" ;;
  loop_counters)
    printf '%s' '{"updates":10,"epoch":1,"has_best":true,"best_metric":0.5,"best_updates":5,"patience_used":0,"loss_sum":1.5,"loss_count":3,"sampler":[1,1,4]}' > "$seeds/counters.json"
    seed "$fix"/t5_adapter_weights.safetensors ;;
  sentencepiece) seed "$fix"/t5-tiny/spiece.model "$root"/data/toy/tokenizer/spiece.model "$bad"/tokenizers/*/spiece.model ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac

# A pickle may build a container that holds itself (Python allows l.append(l));
# its shared_ptr cycle is memory kept until exit, not a fault: no leak checks.
# SentencePiece models are hundreds of kilobytes: a shorter limit would cut
# every seed, and nothing would ever load.
max_len=65536
[ "$target" = sentencepiece ] && max_len=400000

leaks=()
if [ "$target" = torch_pickle ]; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
  leaks=(-detect_leaks=0)
fi

cd "$crashes"
exec "$build/fuzz/fuzz_$target" "$corpus" "$seeds" -max_total_time="$seconds" -print_final_stats=1 \
  -max_len="${MAX_LEN:-$max_len}" -timeout=10 -rss_limit_mb=4096 "${leaks[@]}" "$@"
