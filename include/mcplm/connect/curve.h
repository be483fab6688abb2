// Curves between two solutions (Garipov et al. 2018): control points θ_0 = A
// and θ_{n+1} = B fixed, n trainable bends θ_1 … θ_n in between, and
// P(t) = Σ_k w_k(t)·θ_k for t in [0, 1]:
//   Bézier:     w_k(t) = C(n+1, k) (1 − t)^{n+1−k} t^k;
//   poly-chain: straight segments through the bends, bend k at t = k/(n+1).
#pragma once
#include <string>
#include <vector>

#include "mcplm/core/param_set.h"

namespace mcplm {

enum class CurveKind { Bezier, PolyChain };

// "bezier" / "polychain"; InputError otherwise.
CurveKind parse_curve_kind(const std::string& name);
std::string curve_kind_name(CurveKind kind);

// The weights w_0(t) … w_{n+1}(t) of the control points (n = `bends`); they
// sum to 1, and t = 0 / t = 1 give exactly (1, 0, …) / (…, 0, 1).
std::vector<double> curve_weights(CurveKind kind, int bends, double t);

// "Bézier curve, 1 bend (x = t)": what a plot of the curve shows.
std::string curve_title(CurveKind kind, int bends);

class Curve {
 public:
  // InputError unless every bend has the layout of `start`, as `end` must.
  Curve(CurveKind kind, ParamSet start, ParamSet end, std::vector<ParamSet> bends);

  CurveKind kind() const { return kind_; }
  const ParamSet& start() const { return start_; }
  const ParamSet& end() const { return end_; }
  // The trainable tensors; their gradients are what accumulate_bend_gradients fills.
  const std::vector<ParamSet>& bends() const { return bends_; }

  // P(t), per tensor Σ_k w_k(t)·θ_k over the control points with non-zero
  // weight, in each tensor's dtype; differentiable w.r.t. bends that require
  // grad. P(0) and P(1) are the ends' values exactly.
  ParamSet point(double t) const;

  // The chain rule through P(t): adds w_k(t)·dL/dP to the gradient of each
  // bend k's tensors, given dL/dP per tensor name (a name left out has a
  // zero gradient).
  void accumulate_bend_gradients(double t, const ParamSet& point_gradients) const;

 private:
  // θ_0 … θ_{n+1}.
  const ParamSet& control_point(std::size_t k) const;

  CurveKind kind_;
  ParamSet start_, end_;
  std::vector<ParamSet> bends_;
};

// The bends on the straight line from `start` to `end`, bend k at k/(n+1):
// the curve then is the linear path (one bend: the midpoint).
std::vector<ParamSet> bends_on_line(const ParamSet& start, const ParamSet& end, int bends);

}  // namespace mcplm
