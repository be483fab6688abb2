// The geometry of `mcplm plane`: the plane through three solutions (Garipov
// et al. 2018) and the grid laid over it, or two random directions around one
// solution (Li et al. 2018, filter-normalised).
//
// Through three points: u = (θ2 − θ1)/‖θ2 − θ1‖, v = the part of θ3 − θ1
// orthogonal to u, normalised; θ(x, y) = θ1 + x·u + y·v, coordinates in
// parameter-norm units. The same point is w1·θ1 + w2·θ2 + w3·θ3 with
// w1 + w2 + w3 = 1, which is how it is computed (no basis tensors kept).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "mcplm/core/param_set.h"

namespace mcplm {

// Where θ2 and θ3 lie in the plane's coordinates (θ1 is the origin):
// θ2 = (a, 0), θ3 = (c, b), b > 0.
struct PlaneBasis {
  double a = 0;  // ‖θ2 − θ1‖
  double c = 0;  // <θ3 − θ1, u>
  double b = 0;  // ‖θ3 − θ1 − c·u‖

  // The weights (w1, w2, w3) of θ1, θ2, θ3 at (x, y); they sum to 1.
  std::array<double, 3> weights(double x, double y) const;
  // The coordinates of a point of parameter space given its offsets'
  // inner products with θ2 − θ1 (`dot21`) and θ3 − θ1 (`dot31`).
  std::array<double, 2> coordinates(double dot21, double dot31) const;
};

// Accumulated in float64 over every tensor; InputError naming the sources
// when θ1 = θ2 or the three points lie on one line.
PlaneBasis plane_basis(const ParamSet& theta1, const ParamSet& theta2, const ParamSet& theta3,
                       const std::array<std::string, 3>& sources);

// Σ over tensors of <a − o, b − o>, in float64.
double offset_dot(const ParamSet& a, const ParamSet& b, const ParamSet& origin);

// w1·θ1 + w2·θ2 + w3·θ3 per tensor, in each tensor's dtype.
ParamSet plane_point(const ParamSet& theta1, const ParamSet& theta2, const ParamSet& theta3,
                     const std::array<double, 3>& w);

// --grid "21" (21 × 21) or "21x15" (21 along x, 15 along y). InputError
// unless both are between 1 and 1001.
std::array<int, 2> parse_grid(const std::string& text);

// n values from lo to hi, both included; one value: the middle.
std::vector<double> grid_axis(double lo, double hi, int n);

// The grid axes over the bounding box of `points` (x, y) widened by
// `margin` of its size on each side (dnn-mode-connectivity's layout).
std::array<std::vector<double>, 2> plane_axes(const std::vector<std::array<double, 2>>& points,
                                              double margin, const std::array<int, 2>& grid);

// A random direction for each tensor of `theta`, N(0, 1) from `seed`; with
// `filter_norm`, each output row (dim 0) of a weight of two or more
// dimensions is scaled to the norm of the same row of θ. Tensors of one
// dimension (biases, LayerNorm weights) are zero in the direction.
ParamSet random_direction(const ParamSet& theta, uint64_t seed, bool filter_norm);

// θ + α·d1 + β·d2 per tensor.
ParamSet direction_point(const ParamSet& theta, const ParamSet& d1, const ParamSet& d2,
                         double alpha, double beta);

}  // namespace mcplm
