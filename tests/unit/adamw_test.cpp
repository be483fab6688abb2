#include "mcplm/train/adamw.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

namespace mcplm {
namespace {

// transformers.optimization.AdamW (correct_bias) on one scalar, in double.
struct ReferenceAdamW {
  double lr, beta1, beta2, eps, weight_decay;
  double p, m = 0, v = 0;
  int t = 0;
  void step(double g) {
    ++t;
    m = beta1 * m + (1 - beta1) * g;
    v = beta2 * v + (1 - beta2) * g * g;
    const double step_size = lr * std::sqrt(1 - std::pow(beta2, t)) / (1 - std::pow(beta1, t));
    p -= step_size * m / (std::sqrt(v) + eps);
    p -= lr * weight_decay * p;
  }
};

TEST(AdamW, FollowsTransformersAdamW) {
  const std::vector<float> p0 = {0.5f, -1.5f, 2.0f, 1e-3f};
  const std::vector<std::vector<float>> grads = {
      {0.1f, -0.2f, 1e-9f, 3.0f}, {0.3f, 0.2f, -1e-9f, -1.0f}, {-0.5f, 0.0f, 2e-9f, 0.5f}};
  ParamSet params;
  params.set("w", torch::tensor(p0).requires_grad_(true));
  AdamWOptions options = AdamWOptions().lr(0.01).eps(1e-8).weight_decay(0.1);
  AdamW optimizer(params, options);
  std::vector<ReferenceAdamW> reference;
  for (float p : p0) reference.push_back({0.01, 0.9, 0.999, 1e-8, 0.1, p});
  for (const auto& g : grads) {
    params.at("w").mutable_grad() = torch::tensor(g);
    optimizer.step();
    for (std::size_t i = 0; i < g.size(); ++i) reference[i].step(g[i]);
  }
  for (std::size_t i = 0; i < p0.size(); ++i)
    EXPECT_NEAR(params.at("w")[i].item<float>(), reference[i].p, 1e-6 * std::abs(reference[i].p))
        << i;
}

TEST(AdamW, EpsIsAddedBeforeBiasCorrection) {
  // One step with gradient g: update = lr * sqrt(1-b2)/(1-b1) * 0.1 g / (sqrt(0.001) |g| + eps),
  // about 0.031 for |g| = eps; torch's AdamW (eps after bias correction) would give 0.5.
  ParamSet params;
  params.set("w", torch::zeros({1}, torch::kFloat64).requires_grad_(true));
  AdamW optimizer(params, AdamWOptions().lr(1.0).eps(1e-6));
  params.at("w").mutable_grad() = torch::full({1}, 1e-6, torch::kFloat64);
  optimizer.step();
  const double expected = -std::sqrt(0.001) / 0.1 * 0.1e-6 / (std::sqrt(0.001) * 1e-6 + 1e-6);
  EXPECT_NEAR(params.at("w").item<double>(), expected, 1e-12);
}

TEST(AdamW, DefaultsAreTheTrainers) {
  AdamWOptions options;
  EXPECT_EQ(options.lr(), 5e-5);
  EXPECT_EQ(options.beta1(), 0.9);
  EXPECT_EQ(options.beta2(), 0.999);
  EXPECT_EQ(options.eps(), 1e-8);
  EXPECT_EQ(options.weight_decay(), 0.0);
}

}  // namespace
}  // namespace mcplm
