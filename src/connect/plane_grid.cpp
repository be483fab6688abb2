#include "mcplm/connect/plane_grid.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "mcplm/core/error.h"

namespace mcplm {

std::array<double, 3> PlaneBasis::weights(double x, double y) const {
  // θ − θ1 = x·u + y·v with u = (θ2 − θ1)/a, v = (θ3 − θ1 − (c/a)(θ2 − θ1))/b.
  const double w2 = x / a - y * c / (a * b);
  const double w3 = y / b;
  return {1.0 - w2 - w3, w2, w3};
}

std::array<double, 2> PlaneBasis::coordinates(double dot21, double dot31) const {
  const double x = dot21 / a;
  return {x, (dot31 - c * x) / b};
}

double offset_dot(const ParamSet& a, const ParamSet& b, const ParamSet& origin) {
  torch::NoGradGuard no_grad;
  double sum = 0;
  for (const auto& [name, o] : origin) {
    const torch::Tensor o64 = o.detach().to(torch::kFloat64);
    sum += ((a.at(name).detach().to(torch::kFloat64) - o64) *
            (b.at(name).detach().to(torch::kFloat64) - o64))
               .sum()
               .item<double>();
  }
  return sum;
}

PlaneBasis plane_basis(const ParamSet& theta1, const ParamSet& theta2, const ParamSet& theta3,
                       const std::array<std::string, 3>& sources) {
  theta1.check_same_layout(theta2, sources[0], sources[1]);
  theta1.check_same_layout(theta3, sources[0], sources[2]);
  PlaneBasis basis;
  basis.a = std::sqrt(offset_dot(theta2, theta2, theta1));
  if (!(basis.a > 0))
    throw InputError(fmt::format("{} and {} hold the same parameters: no plane through them",
                                 sources[0], sources[1]));
  basis.c = offset_dot(theta3, theta2, theta1) / basis.a;
  const double b2 = offset_dot(theta3, theta3, theta1) - basis.c * basis.c;
  basis.b = std::sqrt(std::max(0.0, b2));
  // b² is a difference of squares: below ~1e-6·a it is rounding, not height.
  if (!(basis.b > 1e-6 * basis.a))
    throw InputError(fmt::format("{}, {} and {} lie on one line: no plane through them",
                                 sources[0], sources[1], sources[2]));
  return basis;
}

ParamSet plane_point(const ParamSet& theta1, const ParamSet& theta2, const ParamSet& theta3,
                     const std::array<double, 3>& w) {
  torch::NoGradGuard no_grad;
  ParamSet out;
  for (const auto& [name, t1] : theta1)
    out.set(name, t1.detach() * w[0] + theta2.at(name).detach() * w[1] +
                      theta3.at(name).detach() * w[2]);
  return out;
}

std::array<int, 2> parse_grid(const std::string& text) {
  int nx = 0, ny = 0;
  char sep = 0, extra = 0;
  const int read = std::sscanf(text.c_str(), "%d%c%d%c", &nx, &sep, &ny, &extra);
  if (read == 1) ny = nx;
  const bool ok = (read == 1 || (read == 3 && sep == 'x')) && nx >= 1 && nx <= 1001 && ny >= 1 &&
                  ny <= 1001;
  if (!ok)
    throw InputError("--grid must be N or NxM with 1 <= N, M <= 1001 (got '" + text + "')");
  return {nx, ny};
}

std::vector<double> grid_axis(double lo, double hi, int n) {
  if (n == 1) return {(lo + hi) / 2};
  std::vector<double> axis;
  for (int i = 0; i < n; ++i)
    axis.push_back(i == n - 1 ? hi : lo + (hi - lo) * i / static_cast<double>(n - 1));
  return axis;
}

std::array<std::vector<double>, 2> plane_axes(const std::vector<std::array<double, 2>>& points,
                                              double margin, const std::array<int, 2>& grid) {
  std::array<std::vector<double>, 2> axes;
  for (int d = 0; d < 2; ++d) {
    double lo = points.front()[d], hi = lo;
    for (const auto& p : points) {
      lo = std::min(lo, p[d]);
      hi = std::max(hi, p[d]);
    }
    const double widen = margin * (hi - lo);
    axes[d] = grid_axis(lo - widen, hi + widen, grid[d]);
  }
  return axes;
}

ParamSet random_direction(const ParamSet& theta, uint64_t seed, bool filter_norm) {
  torch::NoGradGuard no_grad;
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  ParamSet direction;
  for (const auto& [name, t] : theta) {
    if (t.dim() <= 1) {
      direction.set(name, torch::zeros_like(t));
      continue;
    }
    torch::Tensor d = at::normal(0.0, 1.0, t.sizes(), generator,
                                 t.options().dtype(torch::kFloat32).device(torch::kCPU));
    if (filter_norm) {
      const torch::Tensor target = t.detach().to(torch::kCPU, torch::kFloat32).flatten(1);
      const torch::Tensor rows = d.flatten(1);  // [out, in...]
      const torch::Tensor scale =
          target.norm(2, {1}, /*keepdim=*/true) / (rows.norm(2, {1}, /*keepdim=*/true) + 1e-10);
      d = (rows * scale).reshape(t.sizes());
    }
    direction.set(name, d.to(t.device(), t.scalar_type()));
  }
  return direction;
}

ParamSet direction_point(const ParamSet& theta, const ParamSet& d1, const ParamSet& d2,
                         double alpha, double beta) {
  torch::NoGradGuard no_grad;
  ParamSet out;
  for (const auto& [name, t] : theta)
    out.set(name, t.detach() + d1.at(name) * alpha + d2.at(name) * beta);
  return out;
}

}  // namespace mcplm
