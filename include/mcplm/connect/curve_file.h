// `curve.safetensors`: the trained bends of a curve ("bend_1.<name>", …) and
// metadata naming the curve's kind and its ends, so that `interpolate
// --curve` can evaluate it again.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "mcplm/connect/curve.h"
#include "mcplm/core/param_set.h"
#include "mcplm/model/method.h"
#include "mcplm/io/safetensors.h"

namespace mcplm {

struct CurveRecord {
  CurveKind kind = CurveKind::Bezier;
  std::vector<ParamSet> bends;
  std::filesystem::path ckpt1, ckpt2;  // the ends, as given to `curve`
  TuningMethod method = TuningMethod::Adapter;
  double end_norms[2] = {0, 0};        // L2 norms of the ends' tuned tensors
  Metadata details;                    // training details (base model, task, options, ...)
};

// Writes the file atomically.
void write_curve_file(const std::filesystem::path& file, const CurveRecord& curve);
// InputError naming `file` when it is not a curve file.
CurveRecord read_curve_file(const std::filesystem::path& file);

// L2 norm of all tensors of `params` together.
double params_norm(const ParamSet& params);
// InputError naming `source` unless `end` (the curve's end 1 or 2) has the
// norm the curve file records: the ends must be the ones it was trained between.
void check_curve_end(const CurveRecord& curve, int which, const ParamSet& end,
                     const std::string& source);

}  // namespace mcplm
