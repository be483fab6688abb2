// Distances between two parameter sets (SPEC section 8).
#pragma once
#include <filesystem>
#include <string>

#include "mcplm/core/param_set.h"

namespace mcplm {

struct Distance {
  double l2 = 0;      // ||a - b||
  double cosine = 0;  // a.b / max(||a|| ||b||, 1e-6)
  int64_t count = 0;  // number of parameters
  double rms = 0;     // sqrt(l2^2 / count)
};

// Both sets must have the same names and shapes; accumulated in float64.
Distance compute_distance(const ParamSet& a, const ParamSet& b);

// `distance.txt` in the original's layout and `distance.json`, atomically.
void write_distance(const std::filesystem::path& dir, const Distance& d);
std::string distance_txt(const Distance& d);

}  // namespace mcplm
