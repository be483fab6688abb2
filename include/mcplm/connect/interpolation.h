// `mcplm interpolate`: evaluate the linear path θ(x) = (1 - x)·θ1 + x·θ2
// between two checkpoints of the tuned parameters (SPEC section 6), or a
// trained curve between them (`--curve`, see connect/curve.h).
#pragma once
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "mcplm/core/distributed.h"
#include "mcplm/data/task.h"
#include "mcplm/eval/evaluator.h"
#include "mcplm/io/load_params.h"
#include "mcplm/model/model_setup.h"

namespace mcplm {

struct InterpolateOptions {
  ModelSetup setup;  // model_dir, tokenizer, lengths; method and adapters as below
  // --method: empty = from the checkpoints (metadata, else adapter names).
  std::string method;
  std::filesystem::path ckpt1, ckpt2;
  std::vector<std::filesystem::path> task_dirs;
  std::filesystem::path output_dir;
  int points = 26;
  bool do_valid = false, do_predict = false;
  TaskOptions task;  // on_train, choose_*_1000, metric override
  EvalOptions eval;
  std::string head_from = "auto";  // RoBERTa task boundary: auto | 1 | 2
  bool resume = false;
  int shard_index = 0, shard_count = 1;  // --points-shard i/n
  // --curve: evaluate this curve (`mcplm curve`'s curve.safetensors) at x = t
  // instead of the line; --ckpt1/--ckpt2 default to the ends it names.
  std::filesystem::path curve;
  // --compare-linear (with a curve): also evaluate the linear path between the
  // same ends, into OUTPUT/linear, and overlay it in the plot.
  bool compare_linear = false;
};

// Runs every point not yet in the output (with --resume) and, unless
// sharded, writes every output file. Progress lines go to `log`. Several
// ranks share the points; rank 0 gathers them and writes the same files as
// one process would.
void run_interpolation(const InterpolateOptions& options, std::ostream& log,
                       DistributedContext& dist = DistributedContext::single_process());

// `interpolate merge`: the full outputs from shard directories.
void merge_interpolation(const std::vector<std::filesystem::path>& shard_dirs,
                         const std::filesystem::path& output_dir);

// "i/n" -> (i, n); InputError unless 0 <= i < n.
std::pair<int, int> parse_shard(const std::string& text);

// The tuned tensors of `checkpoint`, named as the model names them; every
// tuned parameter must be there (other entries are ignored). InputError
// naming `source` otherwise.
ParamSet tuned_from(const ParamSet& checkpoint, const ParamSet& tuned, const std::string& source);

// The model setup for evaluating or training between checkpoints of
// `method` ("adapter" or "model"): T5 adapter shapes and RoBERTa bottleneck
// from `ckpt1`.
ModelSetup setup_for_checkpoints(const ModelSetup& base, const std::string& method,
                                 const LoadedParams& ckpt1, const std::string& source);

// The checkpoint's tuned tensors: the `method` entry of an original .pt,
// otherwise the whole file or directory; with metadata when it has some.
LoadedParams load_checkpoint_params(const std::filesystem::path& path, const std::string& method);
// "adapter" or "model": the metadata's method, else "adapter" when some
// tensor's name holds "adapter", else "model".
std::string detect_method(const LoadedParams& checkpoint);

// The two ends of a path (or curve) and the method they were tuned with:
// `method`, or when it is empty the one detect_method finds in ckpt1.
struct PathEnds {
  std::string method;
  LoadedParams ckpt1, ckpt2;
};
PathEnds load_path_ends(const std::filesystem::path& ckpt1, const std::filesystem::path& ckpt2,
                        const std::string& method);

}  // namespace mcplm
