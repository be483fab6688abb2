// `mcplm curve`: train the bends of a curve between two checkpoints so that
// the whole curve has a low loss (Garipov et al. 2018), then evaluate it as
// `interpolate --curve` does. Each update draws t ~ U(0, 1), sets the tuned
// tensors to P(t), back-propagates the training loss there and maps its
// gradient onto the bends (dL/dθ_k = w_k(t)·dL/dP), with tune's optimizers,
// schedules, clipping and batching.
#pragma once
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>

#include "mcplm/connect/curve.h"
#include "mcplm/data/task.h"
#include "mcplm/eval/evaluator.h"
#include "mcplm/model/model_setup.h"
#include "mcplm/train/update_rule.h"

namespace mcplm {

struct CurveOptions {
  ModelSetup setup;    // --model, --tokenizer, lengths; --r-mean/--r-std for random bends
  std::string method;  // adapter | model; empty: from the ends
  std::filesystem::path ckpt1, ckpt2, task_dir, output_dir;
  TaskOptions task;  // --choose-*-1000, --metric
  EvalOptions eval;
  CurveKind kind = CurveKind::Bezier;
  int bends = 1;
  std::string init = "midpoint";  // midpoint: on the line between the ends; random: fresh draws
  double lr = 1e-4;
  int64_t bsz = 16;
  int64_t micro_batch = 16;  // batches above this are accumulated in steps of it
  uint64_t seed = 42;        // data order, dropout, the draws of t and of random bends
  int64_t train_iters = 0, train_epochs = 0, log_interval = 100;
  OptimizerSettings optim;
  int points = 26;               // evaluation points of t, both ends included
  bool do_predict = true;        // evaluate the test file as well as the dev file
  bool compare_linear = false;   // evaluate the linear path too, into OUT/linear
  int64_t save_interval = 1000;  // updates between saves of the curve and its resume state
  bool resume = false;           // continue the run in the output directory
  bool quiet = false;
};

// Writes, in the output directory: curve.safetensors, log.txt and
// metrics.jsonl of the training, then every output of `interpolate --curve`
// (result.csv, analyses, summary.json, interpolation.svg, points.jsonl).
// While training, every `save_interval` updates and on Ctrl-C, the curve and
// curve.optim.safetensors (bends, optimizer, random state and counters in one
// file) are written; with `resume` the run continues from that file exactly,
// or, once the curve is trained, goes on with the points not yet evaluated.
// InputError before training when the directory already holds a curve or
// results and `resume` is not set.
void run_curve(const CurveOptions& options, std::ostream& log);

}  // namespace mcplm
