#include "mcplm/train/adafactor.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <iostream>

#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"
#include "test_util.h"

namespace mcplm {
namespace {

// Largest |got - want| / |want| over the elements of one tensor.
double max_relative_error(const torch::Tensor& got, const torch::Tensor& want) {
  auto want64 = want.to(torch::kFloat64);
  auto err = (got.to(torch::kFloat64) - want64).abs() / want64.abs().clamp_min(1e-12);
  return err.max().item<double>();
}

// Replays the fixture's 4 steps for one option set; returns the largest
// relative error of any parameter after any step.
double replay_fixture(const std::string& set, const AdafactorOptions& options) {
  const ParamSet fixture = read_safetensors(test::fixtures() / "adafactor.safetensors").tensors;
  const std::vector<std::string> names = {"matrix", "vector", "tensor3"};
  ParamSet params;
  for (const auto& name : names)
    params.set(name, fixture.at(set + "." + name + ".init").clone().requires_grad_(true));
  Adafactor optimizer(params, options);
  double worst = 0.0;
  for (int k = 0; k < 4; ++k) {
    for (const auto& name : names)
      params.at(name).mutable_grad() = fixture.at(set + "." + name + ".grad" + std::to_string(k));
    optimizer.step();
    for (const auto& name : names) {
      const double err = max_relative_error(
          params.at(name).detach(), fixture.at(set + "." + name + ".after" + std::to_string(k)));
      worst = std::max(worst, err);
    }
  }
  return worst;
}

TEST(Adafactor, MatchesTransformersWithFixedLr) {
  const double err = replay_fixture("fixed_lr", AdafactorOptions::external(1e-2));
  std::cout << "adafactor fixed_lr max relative error: " << err << "\n";
  EXPECT_LE(err, 1e-5);
}

TEST(Adafactor, MatchesTransformersWithDefaults) {
  const double err = replay_fixture("defaults", AdafactorOptions());
  std::cout << "adafactor defaults max relative error: " << err << "\n";
  EXPECT_LE(err, 1e-5);
}

TEST(Adafactor, RejectsOptionCombinationsTransformersRejects) {
  ParamSet params;
  params.set("w", torch::zeros({2}, torch::requires_grad()));
  EXPECT_THROW(Adafactor(params, AdafactorOptions().lr(1e-3)), InputError);
  EXPECT_THROW(Adafactor(params, AdafactorOptions().relative_step(false)), InputError);
  EXPECT_THROW(Adafactor(params, AdafactorOptions::external(1e-3).warmup_init(true)), InputError);
}

TEST(Adafactor, WeightDecayScalesTheParameterBeforeTheUpdate) {
  // Without parameter scaling the update ignores the parameter, so decay is
  // exactly p -= wd * lr * p on top of the same update.
  const auto p0 = torch::tensor({{1.0f, -2.0f}, {3.0f, 0.5f}});
  const auto g = torch::tensor({{0.1f, 0.2f}, {-0.3f, 0.4f}});
  auto run = [&](double weight_decay) {
    ParamSet params;
    params.set("w", p0.clone().requires_grad_(true));
    Adafactor optimizer({NamedParamGroup{params, weight_decay}}, AdafactorOptions::external(0.1));
    params.at("w").mutable_grad() = g.clone();
    optimizer.step();
    return params.at("w").detach();
  };
  auto expected = run(0.0) - 0.5 * 0.1 * p0;
  EXPECT_TRUE(torch::allclose(run(0.5), expected, 1e-6, 1e-6));
}

TEST(Adafactor, BFloat16ParametersAreUpdatedInFloat32) {
  ParamSet params;
  params.set("w", torch::ones({3, 2}, torch::kBFloat16).requires_grad_(true));
  Adafactor optimizer(params, AdafactorOptions::external(0.5));
  params.at("w").mutable_grad() = torch::ones({3, 2}, torch::kBFloat16);
  optimizer.step();
  // All-equal gradients: the normalised update is 1 everywhere, times lr.
  EXPECT_EQ(params.at("w").scalar_type(), torch::kBFloat16);
  EXPECT_TRUE(torch::equal(params.at("w").detach(), torch::full({3, 2}, 0.5, torch::kBFloat16)));
  EXPECT_EQ(optimizer.state_tensors().at("w.exp_avg_sq_row").scalar_type(), torch::kFloat32);
}

}  // namespace
}  // namespace mcplm
