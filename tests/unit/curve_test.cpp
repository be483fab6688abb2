// Curve points and their gradients w.r.t. the bends against closed forms, and
// the curve file.
#include "mcplm/connect/curve.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "mcplm/connect/curve_file.h"
#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"
#include "test_util.h"

using namespace mcplm;

namespace {

// Two tensors of different shapes, drawn from `seed`.
ParamSet draw(int seed) {
  torch::manual_seed(seed);
  ParamSet p;
  p.set("layer.adapter.adapter_A", torch::randn({4, 3}));
  p.set("layer.adapter.adapter_B", torch::randn({3, 4}));
  return p;
}

ParamSet leaves(const ParamSet& p) {
  ParamSet out;
  for (const auto& [name, t] : p) out.set(name, t.detach().clone().set_requires_grad(true));
  return out;
}

// Σ_k w_k · θ_k per tensor, from explicit weights.
ParamSet combine(const std::vector<const ParamSet*>& points, const std::vector<double>& w) {
  ParamSet out;
  for (const auto& [name, t] : *points[0]) {
    torch::Tensor sum = torch::zeros_like(t);
    for (std::size_t k = 0; k < points.size(); ++k) sum = sum + points[k]->at(name).detach() * w[k];
    out.set(name, sum);
  }
  return out;
}

void expect_close(const ParamSet& got, const ParamSet& want) {
  for (const auto& [name, t] : want)
    EXPECT_TRUE(torch::allclose(got.at(name).detach(), t, 1e-5, 1e-6)) << name;
}

}  // namespace

TEST(CurveWeights, BezierIsTheBernsteinBasis) {
  const double t = 0.3;
  auto w = curve_weights(CurveKind::Bezier, 1, t);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_DOUBLE_EQ(w[0], 0.49);
  EXPECT_DOUBLE_EQ(w[1], 2 * 0.3 * 0.7);
  EXPECT_DOUBLE_EQ(w[2], 0.09);
  auto w3 = curve_weights(CurveKind::Bezier, 3, t);  // degree 4
  const double want[] = {std::pow(0.7, 4), 4 * t * std::pow(0.7, 3), 6 * t * t * 0.49,
                         4 * std::pow(t, 3) * 0.7, std::pow(t, 4)};
  for (int k = 0; k < 5; ++k) EXPECT_NEAR(w3[k], want[k], 1e-15) << k;
}

TEST(CurveWeights, PolyChainInterpolatesTheSegmentHoldingT) {
  // Two bends: nodes at t = 0, 1/3, 2/3, 1.
  auto mid = curve_weights(CurveKind::PolyChain, 2, 0.5);
  EXPECT_EQ(mid, (std::vector<double>{0, 0.5, 0.5, 0}));
  auto first = curve_weights(CurveKind::PolyChain, 2, 0.25);
  EXPECT_DOUBLE_EQ(first[0], 0.25);
  EXPECT_DOUBLE_EQ(first[1], 0.75);
  EXPECT_EQ(first[2], 0.0);
  EXPECT_EQ(curve_weights(CurveKind::PolyChain, 2, 1.0), (std::vector<double>{0, 0, 0, 1}));
}

TEST(CurveWeights, EndsAreExactAndWeightsSumToOne) {
  for (CurveKind kind : {CurveKind::Bezier, CurveKind::PolyChain}) {
    for (int bends : {1, 2, 5}) {
      auto w0 = curve_weights(kind, bends, 0.0), w1 = curve_weights(kind, bends, 1.0);
      EXPECT_EQ(w0.front(), 1.0);
      EXPECT_EQ(w1.back(), 1.0);
      for (std::size_t k = 1; k < w0.size(); ++k) EXPECT_EQ(w0[k], 0.0);
      for (std::size_t k = 0; k + 1 < w1.size(); ++k) EXPECT_EQ(w1[k], 0.0);
      for (double t : {0.1, 0.37, 0.5, 0.93}) {
        double sum = 0;
        for (double w : curve_weights(kind, bends, t)) sum += w;
        EXPECT_NEAR(sum, 1.0, 1e-12);
      }
    }
  }
}

TEST(Curve, PointsMatchTheClosedForms) {
  const ParamSet a = draw(1), b = draw(2), bend = draw(3);
  const Curve bezier(CurveKind::Bezier, a, b, {bend});
  for (double t : {0.2, 0.5, 0.9})
    expect_close(bezier.point(t),
                 combine({&a, &bend, &b}, {(1 - t) * (1 - t), 2 * t * (1 - t), t * t}));
  const Curve chain(CurveKind::PolyChain, a, b, {bend});
  expect_close(chain.point(0.25), combine({&a, &bend}, {0.5, 0.5}));
  expect_close(chain.point(0.5), bend);
  expect_close(chain.point(0.75), combine({&bend, &b}, {0.5, 0.5}));
}

TEST(Curve, EndsAreTheCheckpointsExactly) {
  const ParamSet a = draw(1), b = draw(2);
  for (CurveKind kind : {CurveKind::Bezier, CurveKind::PolyChain}) {
    for (int n : {1, 3}) {
      std::vector<ParamSet> bends;
      for (int k = 0; k < n; ++k) bends.push_back(draw(10 + k));
      const Curve curve(kind, a, b, bends);
      const ParamSet p0 = curve.point(0.0), p1 = curve.point(1.0);
      for (const auto& [name, t] : a) {
        EXPECT_TRUE(torch::equal(p0.at(name), t)) << name;
        EXPECT_TRUE(torch::equal(p1.at(name), b.at(name))) << name;
      }
    }
  }
}

TEST(Curve, BendsOnTheLineGiveTheLinearPath) {
  const ParamSet a = draw(1), b = draw(2);
  for (CurveKind kind : {CurveKind::Bezier, CurveKind::PolyChain})
    for (int n : {1, 3}) {
      const Curve curve(kind, a, b, bends_on_line(a, b, n));
      for (double t : {0.1, 0.5, 0.8}) expect_close(curve.point(t), ParamSet::lerp(a, b, t));
    }
}

TEST(Curve, GradientsWithRespectToTheBends) {
  // L(P) = Σ G ⊙ P, so dL/dP = G and dL/dθ_k = w_k(t)·G.
  const ParamSet a = draw(1), b = draw(2), g = draw(4);
  const double t = 0.35;
  const double closed[] = {3 * t * (1 - t) * (1 - t), 3 * t * t * (1 - t)};  // Bézier, 2 bends
  const Curve curve(CurveKind::Bezier, a, b, {leaves(draw(5)), leaves(draw(6))});
  torch::Tensor loss = torch::zeros({});
  for (const auto& [name, p] : curve.point(t)) loss = loss + (p * g.at(name)).sum();
  loss.backward();
  for (int k = 0; k < 2; ++k)
    for (const auto& [name, bend] : curve.bends()[k])
      EXPECT_TRUE(torch::allclose(bend.grad(), g.at(name) * closed[k], 1e-5, 1e-6)) << k << name;

  // The chain rule without autograd gives the same, and adds to what is there.
  const Curve mapped(CurveKind::Bezier, a, b, {leaves(draw(5)), leaves(draw(6))});
  mapped.accumulate_bend_gradients(t, g);
  for (int k = 0; k < 2; ++k)
    for (const auto& [name, bend] : mapped.bends()[k])
      EXPECT_TRUE(torch::allclose(bend.grad(), curve.bends()[k].at(name).grad(), 1e-6, 1e-7));
  mapped.accumulate_bend_gradients(t, g);
  for (const auto& [name, bend] : mapped.bends()[0])
    EXPECT_TRUE(torch::allclose(bend.grad(), g.at(name) * (2 * closed[0]), 1e-5, 1e-6));

  // Poly-chain, one bend: w_1(t) = 2t on the first segment, 2 - 2t on the second.
  for (double s : {0.3, 0.8}) {
    const Curve chain(CurveKind::PolyChain, a, b, {leaves(draw(5))});
    chain.accumulate_bend_gradients(s, g);
    const double w = s < 0.5 ? 2 * s : 2 - 2 * s;
    for (const auto& [name, bend] : chain.bends()[0])
      EXPECT_TRUE(torch::allclose(bend.grad(), g.at(name) * w, 1e-5, 1e-6)) << s;
  }
}

TEST(Curve, RefusesBendsOfAnotherLayout) {
  ParamSet other;
  other.set("layer.adapter.adapter_A", torch::zeros({4, 2}));
  EXPECT_THROW(Curve(CurveKind::Bezier, draw(1), draw(2), {other}), InputError);
  EXPECT_THROW(parse_curve_kind("spline"), InputError);
}

TEST(CurveFile, RoundTripAndEndCheck) {
  const ParamSet a = draw(1), b = draw(2);
  CurveRecord record;
  record.kind = CurveKind::PolyChain;
  record.bends = {draw(3), draw(4)};
  record.ckpt1 = "runs/a.safetensors";
  record.ckpt2 = "runs/b.safetensors";
  record.method = TuningMethod::Adapter;
  record.end_norms[0] = params_norm(a);
  record.end_norms[1] = params_norm(b);
  record.details = {{"task", "toy"}};
  const auto file = test::temp_dir("curve") / "curve.safetensors";
  write_curve_file(file, record);

  const CurveRecord back = read_curve_file(file);
  EXPECT_EQ(back.kind, CurveKind::PolyChain);
  ASSERT_EQ(back.bends.size(), 2u);
  for (int k = 0; k < 2; ++k)
    for (const auto& [name, t] : record.bends[k])
      EXPECT_TRUE(torch::equal(back.bends[k].at(name), t));
  EXPECT_EQ(back.ckpt1, record.ckpt1);
  EXPECT_EQ(back.method, TuningMethod::Adapter);
  EXPECT_EQ(back.details.at("task"), "toy");
  EXPECT_NO_THROW(check_curve_end(back, 1, a, "a"));
  EXPECT_NO_THROW(check_curve_end(back, 2, b, "b"));
  EXPECT_THROW(check_curve_end(back, 1, b, "b"), InputError);

  const auto plain = file.parent_path() / "plain.safetensors";
  write_safetensors(plain, a, {{"format", "pt"}});
  EXPECT_THROW(read_curve_file(plain), InputError);
}
