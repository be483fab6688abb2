// `mcplm interpolate`: evaluate the linear path θ(x) = (1 - x)·θ1 + x·θ2
// between two checkpoints of the tuned parameters at x = round(linspace(0, 1,
// points), 3), evaluating dev and/or test at each point, or a
// trained curve between them (`--curve`, see connect/curve.h).
#pragma once
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "mcplm/connect/task_boundary.h"
#include "mcplm/core/distributed.h"
#include "mcplm/data/task.h"
#include "mcplm/eval/evaluator.h"
#include "mcplm/model/lora.h"
#include "mcplm/model/model_setup.h"
#include "mcplm/report/event_file.h"

namespace mcplm {

struct InterpolateOptions {
  ModelSetup setup;  // model_dir, tokenizer, lengths; method and adapters as below
  // --method: not given = from the checkpoints (metadata, else adapter names).
  std::optional<TuningMethod> method;
  std::filesystem::path ckpt1, ckpt2;
  std::vector<std::filesystem::path> task_dirs;
  std::filesystem::path output_dir;
  int points = 26;
  bool do_valid = false, do_predict = false;
  TaskOptions task;  // on_train, choose_*_1000, metric override
  EvalOptions eval;
  HeadFrom head_from = HeadFrom::Auto;  // RoBERTa task boundary
  bool resume = false;
  // Each point's metric and loss per split also as TensorBoard scalars in
  // OUTPUT/tb, at step round(1000·x) (connect/path_scalars.h).
  bool tensorboard = tensorboard_built();
  int shard_index = 0, shard_count = 1;  // --points-shard i/n
  // --curve: evaluate this curve (`mcplm curve`'s curve.safetensors) at x = t
  // instead of the line; --ckpt1/--ckpt2 default to the ends it names.
  std::filesystem::path curve;
  // --compare-linear (with a curve): also evaluate the linear path between the
  // same ends, into OUTPUT/linear, and overlay it in the plot.
  bool compare_linear = false;
  // --lora-space: between LoRA checkpoints, the line between the factors (the
  // original's) or between the merged updates ΔW.
  LoraSpace lora_space = LoraSpace::Factors;
  // --compare-factors (with merged): also evaluate the factor-space line, into
  // OUTPUT/factors, and overlay it in the plot.
  bool compare_factors = false;
  // --log-loss: the plot's loss axis logarithmic (without it, so when the
  // loss spans more than two decades).
  bool log_loss = false;
};

// Runs every point not yet in the output (with --resume) and, unless
// sharded, writes every output file. Progress lines go to `log`. Several
// ranks share the points; rank 0 gathers them and writes the same files as
// one process would.
void run_interpolation(const InterpolateOptions& options, std::ostream& log,
                       DistributedContext& dist = DistributedContext::single_process());

// `interpolate merge`: the full outputs from shard directories, tb/ included.
void merge_interpolation(const std::vector<std::filesystem::path>& shard_dirs,
                         const std::filesystem::path& output_dir);

// "i/n" -> (i, n); InputError unless 0 <= i < n.
std::pair<int, int> parse_shard(const std::string& text);

}  // namespace mcplm
