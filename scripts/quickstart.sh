#!/usr/bin/env bash
# The quick start: on the bundled toy task, make a tiny T5, adapter-tune it
# twice with different seeds, interpolate between the two solutions and
# measure their distance. Prints the result table and where the plot is.
#
#   scripts/quickstart.sh [OUT]     (default OUT: runs/quickstart)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh mcplm  # installs and builds what is missing (seconds when built)
mcplm=build/mcplm
out=${1:-runs/quickstart}
task=data/toy/toy-sentiment
mkdir -p "$out"

echo "== 1. a tiny T5: random weights, briefly tuned on the toy task to stand in for a pre-trained model"
$mcplm init --family t5 --config data/toy/t5-tiny.json --tokenizer data/toy/tokenizer \
  --out "$out/t5-tiny-random" --seed 1
$mcplm tune --quiet --model "$out/t5-tiny-random" --task-dir "$task" --output-dir "$out/base" \
  --method model --lr 1e-3 --bsz 32 --train-iters 40 --seed 1 --no-predict
echo "== 2. two adapter runs from that model, seeds 20 and 30"
base_run=$(ls -d "$out"/base/lr_*_seed_1)
$mcplm export --checkpoint "$base_run/checkpoint-last.safetensors" --model "$out/t5-tiny-random" \
  --out "$out/t5-tiny"
for seed in 20 30; do
  $mcplm tune --quiet --model "$out/t5-tiny" --task-dir "$task" --output-dir "$out/adapter" \
    --method adapter --adapter-size 12 --lr 1e-2 --bsz 32 --train-iters 150 --valid-interval 50 \
    --seed $seed
done
a=$(ls -d "$out"/adapter/lr_*_seed_20)/checkpoint-best.safetensors
b=$(ls -d "$out"/adapter/lr_*_seed_30)/checkpoint-best.safetensors
echo "== 3. the linear path between them (11 points)"
# --resume: a second quick start reuses the points (and runs) the first one made.
$mcplm interpolate --model "$out/t5-tiny" --ckpt1 "$a" --ckpt2 "$b" --task-dir "$task" \
  --output-dir "$out/interpolation" --points 11 --do-valid --do-predict --resume
echo "== 4. their distance"
$mcplm dist --input1 "$a" --input2 "$b" --output "$out/interpolation"
echo
column -s, -t < "$out/interpolation/result.csv"
echo
echo "plot: $out/interpolation/interpolation.svg (open it in a browser)"
