// The plane's geometry: weights against coordinates, the grid layout, random
// filter-normalised directions, and the contour map's iso-lines.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/connect/plane_grid.h"
#include "mcplm/core/error.h"
#include "mcplm/report/contour_plot.h"

using namespace mcplm;

namespace {

ParamSet random_set(uint64_t seed) {
  torch::manual_seed(seed);
  ParamSet p;
  p.set("w", torch::randn({3, 4}, torch::kFloat64));
  p.set("b", torch::randn({5}, torch::kFloat64));
  return p;
}

}  // namespace

TEST(PlaneGrid, WeightsAndCoordinatesAgree) {
  const ParamSet t1 = random_set(1), t2 = random_set(2), t3 = random_set(3);
  const PlaneBasis basis = plane_basis(t1, t2, t3, {"1", "2", "3"});
  EXPECT_GT(basis.b, 0);
  // The inputs sit at (0, 0), (a, 0), (c, b) with unit weights.
  const std::vector<std::array<double, 2>> marks{{0, 0}, {basis.a, 0}, {basis.c, basis.b}};
  for (int k = 0; k < 3; ++k) {
    const auto w = basis.weights(marks[k][0], marks[k][1]);
    for (int m = 0; m < 3; ++m) EXPECT_NEAR(w[m], k == m ? 1.0 : 0.0, 1e-12) << k << " " << m;
  }
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{{0.3, -1.2}, {-2, 4}, {5, 0.5}}) {
    const auto w = basis.weights(x, y);
    EXPECT_NEAR(w[0] + w[1] + w[2], 1.0, 1e-12);
    const ParamSet p = plane_point(t1, t2, t3, w);
    const auto xy = basis.coordinates(offset_dot(p, t2, t1), offset_dot(p, t3, t1));
    EXPECT_NEAR(xy[0], x, 1e-9);
    EXPECT_NEAR(xy[1], y, 1e-9);
    // Distances in the plane are distances in parameter space.
    EXPECT_NEAR(std::sqrt(offset_dot(p, p, t1)), std::hypot(x, y), 1e-9);
  }
}

TEST(PlaneGrid, CollinearOrEqualPointsAreRefused) {
  const ParamSet t1 = random_set(1), t2 = random_set(2);
  EXPECT_THROW(plane_basis(t1, t1, t2, {"a", "b", "c"}), InputError);
  const ParamSet mid = plane_point(t1, t2, t2, {0.5, 0.5, 0.0});
  EXPECT_THROW(plane_basis(t1, t2, mid, {"a", "b", "c"}), InputError);
}

TEST(PlaneGrid, AxesSpanTheWidenedBoundingBox) {
  EXPECT_EQ(parse_grid("21"), (std::array<int, 2>{21, 21}));
  EXPECT_EQ(parse_grid("21x15"), (std::array<int, 2>{21, 15}));
  for (const char* bad : {"0", "21x", "x3", "3x0", "2000", "3y4"})
    EXPECT_THROW(parse_grid(bad), InputError) << bad;
  const auto axes = plane_axes({{0, 0}, {10, 0}, {5, 4}}, 0.1, {3, 2});
  ASSERT_EQ(axes[0].size(), 3u);
  EXPECT_DOUBLE_EQ(axes[0][0], -1);
  EXPECT_DOUBLE_EQ(axes[0][1], 5);
  EXPECT_DOUBLE_EQ(axes[0][2], 11);
  ASSERT_EQ(axes[1].size(), 2u);
  EXPECT_DOUBLE_EQ(axes[1][0], -0.4);
  EXPECT_DOUBLE_EQ(axes[1][1], 4.4);
  EXPECT_EQ(grid_axis(-1, 1, 1), std::vector<double>{0.0});
}

TEST(PlaneGrid, FilterNormalisedDirectionsMatchEachRowsNorm) {
  ParamSet theta;
  theta.set("w", torch::tensor({{3.0f, 4.0f, 0.0f}, {0.0f, 0.0f, 2.0f}}));  // row norms 5, 2
  theta.set("bias", torch::tensor({1.0f, 2.0f}));
  const ParamSet d = random_direction(theta, 7, /*filter_norm=*/true);
  const torch::Tensor rows = d.at("w").norm(2, {1});
  EXPECT_NEAR(rows[0].item<double>(), 5.0, 1e-5);
  EXPECT_NEAR(rows[1].item<double>(), 2.0, 1e-5);
  EXPECT_TRUE(torch::equal(d.at("bias"), torch::zeros({2})));  // one-dimensional: zero
  // The same seed draws the same direction; without filter norm the rows keep their draws.
  EXPECT_TRUE(torch::equal(random_direction(theta, 7, true).at("w"), d.at("w")));
  const ParamSet raw = random_direction(theta, 7, /*filter_norm=*/false);
  const torch::Tensor raw_rows = raw.at("w").norm(2, {1});
  EXPECT_TRUE(torch::allclose(raw.at("w") * (rows / raw_rows).unsqueeze(1), d.at("w")));
  EXPECT_TRUE(torch::equal(raw.at("bias"), torch::zeros({2})));
  const ParamSet p = direction_point(theta, d, raw, 0.5, -2.0);
  EXPECT_TRUE(torch::allclose(p.at("w"), theta.at("w") + 0.5 * d.at("w") - 2.0 * raw.at("w")));
}

TEST(ContourPlot, IsoLinesCrossWhereTheValueDoes) {
  // 2 x 2 grid: 0 on the left column, 1 on the right: the 0.5 line is x = 0.5.
  const auto segments = iso_segments({0, 1}, {0, 1}, {0, 1, 0, 1}, 0.5);
  ASSERT_EQ(segments.size(), 1u);
  EXPECT_DOUBLE_EQ(segments[0][0], 0.5);
  EXPECT_DOUBLE_EQ(segments[0][2], 0.5);
  EXPECT_TRUE(iso_segments({0, 1}, {0, 1}, {0, 1, 0, 1}, 2.0).empty());
  EXPECT_EQ(viridis(0), "#440154");
  EXPECT_EQ(viridis(1), "#fde725");
  const std::string svg = contour_svg("t", "x", "y", {0, 1}, {0, 1}, {{"loss", "loss", {0, 1, 0, 1}}},
                                      {{"θ1", 0, 0}}, {{"line", {0, 1}, {0, 0}, false}}, {"θ1: a"});
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("θ1: a"), std::string::npos);
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
}
