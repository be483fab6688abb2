// `mcplm plane`: the loss and metric over the plane through three solutions
// (two ends and a third run, or two ends and a curve's first bend), or over
// two random filter-normalised directions around one solution; each grid
// point is evaluated exactly as `interpolate` evaluates a point. See
// connect/plane_grid.h for the geometry.
//
// Output directory: points.jsonl (one record per grid point, flushed as it
// is done: resume and shards build on it), plane.csv, plane.json (basis,
// the inputs' coordinates, the grid, the inputs), plane.svg (contour maps of
// the dev loss and metric with the inputs, the segment θ1–θ2 and the curve).
#pragma once
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "mcplm/data/task.h"
#include "mcplm/eval/evaluator.h"
#include "mcplm/model/lora.h"
#include "mcplm/model/method.h"
#include "mcplm/model/model_setup.h"

namespace mcplm {

struct PlaneOptions {
  ModelSetup setup;                           // --model, tokenizer, lengths, device
  std::optional<TuningMethod> method;         // not given: from the checkpoints
  LoraSpace lora_space = LoraSpace::Factors;  // LoRA ends: factors or merged updates
  std::filesystem::path ckpt1, ckpt2, ckpt3;
  std::filesystem::path curve;     // the third point is its first bend; ends default to its ends
  bool random_directions = false;  // --directions random: around ckpt1 alone
  bool filter_norm = false;
  uint64_t seed = 0;        // the random directions' draws
  double range = 1.0;       // random directions: coefficients in [-range, range]
  double margin = 0.2;      // three points: the bounding box widened by this share on each side
  std::string grid = "21";  // N or NxM
  std::filesystem::path task_dir, output_dir;
  bool do_valid = false, do_predict = false;
  TaskOptions task;  // on_train, choose_*_1000, metric
  EvalOptions eval;
  bool resume = false;
  int shard_index = 0, shard_count = 1;  // --points-shard i/n over the grid's flat index
};

// Evaluates the grid points not yet in the output (with `resume`, after
// checking that plane.json describes the same plane) and, unless sharded,
// writes every output file. InputError before any evaluation for bad input.
void run_plane(const PlaneOptions& options, std::ostream& log);

// `plane merge`: the outputs of --points-shard runs of one plane, which must
// cover the grid exactly once between them.
void merge_plane(const std::vector<std::filesystem::path>& shard_dirs,
                 const std::filesystem::path& output_dir);

}  // namespace mcplm
