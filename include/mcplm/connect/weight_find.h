// `mcplm weight-find`: the original's last experiment
// (tune_hps_singletask_layer_weight_find_finetune.py, WrapModelLayerWF).
// When the straight path between two fine-tuned models has a barrier, is
// there a per-layer mixture of the two that has none, and which layers must
// come from which end? One logit w_g per group of parameters (--filter); the
// model is θ = σ(w_g)·θ1 + (1 − σ(w_g))·θ2 per group, formed anew for every
// update, and only the logits train, as one vector, on the scaffold every
// trainer shares (Adafactor at a constant rate, clipping 0.1, as the original).
#pragma once
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <vector>

#include "mcplm/connect/layer_groups.h"
#include "mcplm/core/distributed.h"
#include "mcplm/train/trainer.h"

namespace mcplm {

struct WeightFindOptions {
  // The original entry point's defaults: micro-batches of 8, 100000 updates,
  // validation every 100, clipping 0.1 and no weight decay on the logits.
  WeightFindOptions();

  // --model (the base the ends were tuned from: config, tokenizer), task,
  // seed (the logits' draws, data order), updates, intervals, optimizer,
  // --no-predict, resume, device.
  TrainingOptions train;
  std::filesystem::path ckpt1, ckpt2;  // full models: α = 1 is ckpt1, α = 0 ckpt2
  LayerFilter filter = LayerFilter::Block;
  std::vector<double> learning_rates{0.1};
  std::vector<int64_t> batch_sizes{8};
  double init_std = 10;              // logits start from N(0, init_std²), drawn from --seed
  std::filesystem::path init_from;   // or from a weight_find.json of the same groups
  int64_t output_interval = 10000;   // weight_find@N.json and the resume state every N updates
  std::filesystem::path export_dir;  // when set: the found model as a Hugging Face directory
};

// Each cell of the --lr × --bsz sweep trains in OUT/<run_dir_name>/ (as
// `tune`'s cells): log.txt, metrics.jsonl, weight_find@N.json every
// output_interval updates, and at the end weight_find.json (the found
// logits: the best on dev, the last without validation), weight_find.svg and
// result.json; while it trains, weight_find.optim.safetensors holds what
// `resume` continues from. A finished cell is skipped. In OUT: result.csv
// (dev/test metric and loss of ckpt1, ckpt2, the midpoint α = 0.5 and each
// cell's found point), the best cell's weight_find.json and weight_find.svg,
// and with export_dir its model. With several ranks, each computes the
// gradients of its slice of every batch and rank 0 alone evaluates and writes.
void run_weight_find(const WeightFindOptions& options, std::ostream& log,
                     DistributedContext& dist = DistributedContext::single_process());

}  // namespace mcplm
