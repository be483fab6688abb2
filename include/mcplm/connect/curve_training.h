// `mcplm curve`: train the bends of a curve between two checkpoints so that
// the whole curve has a low loss (Garipov et al. 2018), then evaluate it as
// `interpolate --curve` does. Each update draws t ~ U(0, 1), sets the tuned
// tensors to P(t), back-propagates the training loss there and maps its
// gradient onto the bends (dL/dθ_k = w_k(t)·dL/dP), on the training
// scaffold every trainer shares (optimizers, schedules, clipping, batching).
#pragma once
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "mcplm/connect/curve.h"
#include "mcplm/train/trainer.h"

namespace mcplm {

// Where the bends start: on the line between the ends, or fresh draws as a
// tuning run starts from (adapters N(r_mean, r_std)).
enum class BendInit { Midpoint, Random };
const char* bend_init_name(BendInit init);  // "midpoint" | "random"

struct CurveOptions {
  // --model, lengths, --r-mean/--r-std for random bends; lr, batch, seed
  // (data order, dropout, the draws of t and of random bends), updates,
  // optimizer, --no-predict (evaluate the dev file only), resume.
  TrainingOptions train;
  std::optional<TuningMethod> method;  // not given: from the ends
  std::filesystem::path ckpt1, ckpt2;
  CurveKind kind = CurveKind::Bezier;
  int bends = 1;
  BendInit init = BendInit::Midpoint;
  double lr = 1e-4;
  int64_t bsz = 16;
  int points = 26;               // evaluation points of t, both ends included
  bool compare_linear = false;   // evaluate the linear path too, into OUT/linear
  bool log_loss = false;         // the plot's loss axis logarithmic (else automatic)
  int64_t save_interval = 1000;  // updates between saves of the curve and its resume state
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
