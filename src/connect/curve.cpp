#include "mcplm/connect/curve.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <cmath>

#include "mcplm/core/error.h"

namespace mcplm {

CurveKind parse_curve_kind(const std::string& name) {
  if (name == "bezier") return CurveKind::Bezier;
  if (name == "polychain") return CurveKind::PolyChain;
  throw InputError("--kind must be bezier or polychain (got '" + name + "')");
}

std::string curve_kind_name(CurveKind kind) {
  return kind == CurveKind::Bezier ? "bezier" : "polychain";
}

std::string curve_title(CurveKind kind, int bends) {
  return fmt::format("{} curve, {} bend{} (x = t)",
                     kind == CurveKind::Bezier ? "Bézier" : "poly-chain", bends,
                     bends == 1 ? "" : "s");
}

namespace {

double binomial(int n, int k) {
  double c = 1;
  for (int i = 1; i <= k; ++i) c = c * (n - k + i) / i;
  return c;
}

}  // namespace

std::vector<double> curve_weights(CurveKind kind, int bends, double t) {
  const int degree = bends + 1;  // control points 0 … degree
  std::vector<double> w(static_cast<std::size_t>(degree) + 1, 0.0);
  if (kind == CurveKind::Bezier) {
    for (int k = 0; k <= degree; ++k)
      w[k] = binomial(degree, k) * std::pow(1.0 - t, degree - k) * std::pow(t, k);
    return w;
  }
  // Segment s joins control points s and s + 1 over t in [s/degree, (s+1)/degree].
  const double scaled = t * degree;
  const int segment = std::min(static_cast<int>(std::floor(scaled)), degree - 1);
  const double u = scaled - segment;
  w[segment] = 1.0 - u;
  w[segment + 1] = u;
  return w;
}

Curve::Curve(CurveKind kind, ParamSet start, ParamSet end, std::vector<ParamSet> bends)
    : kind_(kind), start_(std::move(start)), end_(std::move(end)), bends_(std::move(bends)) {
  start_.check_same_layout(end_, "the curve's start", "its end");
  for (std::size_t k = 0; k < bends_.size(); ++k)
    start_.check_same_layout(bends_[k], "the curve's start", fmt::format("bend {}", k + 1));
}

const ParamSet& Curve::control_point(std::size_t k) const {
  if (k == 0) return start_;
  return k <= bends_.size() ? bends_[k - 1] : end_;
}

ParamSet Curve::point(double t) const {
  const std::vector<double> w = curve_weights(kind_, static_cast<int>(bends_.size()), t);
  ParamSet out;
  for (const auto& [name, like] : start_) {
    torch::Tensor sum;  // like's shape and dtype
    for (std::size_t k = 0; k < w.size(); ++k) {
      if (w[k] == 0.0) continue;
      torch::Tensor term = control_point(k).at(name).to(like.dtype()) * w[k];
      sum = sum.defined() ? sum + term : term;
    }
    out.set(name, sum);
  }
  return out;
}

void Curve::accumulate_bend_gradients(double t, const ParamSet& point_gradients) const {
  const std::vector<double> w = curve_weights(kind_, static_cast<int>(bends_.size()), t);
  torch::NoGradGuard no_grad;
  for (std::size_t k = 1; k <= bends_.size(); ++k) {
    if (w[k] == 0.0) continue;
    for (const auto& [name, bend] : bends_[k - 1]) {
      if (!point_gradients.contains(name)) continue;  // no gradient: zero
      const torch::Tensor& g = point_gradients.at(name);
      torch::Tensor scaled = g.to(bend.dtype()) * w[k];
      torch::Tensor leaf = bend;  // shares the bend's storage and gradient
      leaf.mutable_grad() = leaf.grad().defined() ? leaf.grad() + scaled : scaled;
    }
  }
}

std::vector<ParamSet> bends_on_line(const ParamSet& start, const ParamSet& end, int bends) {
  std::vector<ParamSet> out;
  for (int k = 1; k <= bends; ++k)
    out.push_back(ParamSet::lerp(start, end, static_cast<double>(k) / (bends + 1)));
  return out;
}

}  // namespace mcplm
