#include <gtest/gtest.h>
#include <torch/torch.h>

#include <functional>
#include <memory>

#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/train/adafactor.h"
#include "mcplm/train/adamw.h"

namespace mcplm {
namespace {

using MakeOptimizer = std::function<std::unique_ptr<NamedOptimizer>(const ParamSet&)>;

ParamSet initial_params() {
  torch::manual_seed(7);
  ParamSet params;
  params.set("block.weight", torch::randn({6, 5}));  // factored
  params.set("block.bias", torch::randn({5}));
  params.set("block.layer_norm.weight", torch::randn({5}));
  params.set("conv.weight", torch::randn({2, 3, 4}));  // factored over the last two dims
  params.set("frozen.weight", torch::randn({3}));      // never gets a gradient
  for (const auto& [name, tensor] : params) tensor.requires_grad_(true);
  return params;
}

// Gradient of step `k` for `name`, the same in every run.
torch::Tensor gradient(const std::string& name, const torch::Tensor& param, int k) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(std::hash<std::string>()(name) + k);
  return at::randn(param.sizes(), gen);
}

void run_steps(NamedOptimizer& optimizer, const ParamSet& params, int from, int to) {
  for (int k = from; k < to; ++k) {
    for (const auto& [name, param] : params)
      if (name != "frozen.weight") param.mutable_grad() = gradient(name, param, k);
    optimizer.step();
  }
}

ParamSet detached_copy(const ParamSet& params) {
  ParamSet out;
  for (const auto& [name, tensor] : params)
    out.set(name, tensor.detach().clone().requires_grad_(true));
  return out;
}

// 6 steps straight versus 3 steps, state through safetensors bytes into a
// fresh optimizer over fresh tensors, 3 more steps: bit-identical weights.
void expect_resume_is_exact(const MakeOptimizer& make) {
  ParamSet straight = initial_params();
  auto uninterrupted = make(straight);
  run_steps(*uninterrupted, straight, 0, 6);

  ParamSet first = initial_params();
  auto before = make(first);
  run_steps(*before, first, 0, 3);
  const std::string bytes = serialize_safetensors(before->state_tensors());
  EXPECT_FALSE(before->state_tensors().contains("frozen.weight.step"));

  ParamSet resumed = detached_copy(first);
  auto after = make(resumed);
  after->load_state_tensors(parse_safetensors(bytes, "state").tensors, "state");
  run_steps(*after, resumed, 3, 6);

  for (const auto& [name, tensor] : straight)
    EXPECT_TRUE(torch::equal(tensor, resumed.at(name))) << name;
  // Sanity: the run did move the weights.
  EXPECT_FALSE(torch::equal(straight.at("block.weight"), initial_params().at("block.weight")));
}

TEST(OptimizerState, AdafactorWithFirstMomentAndWeightDecayResumesExactly) {
  expect_resume_is_exact([](const ParamSet& params) {
    return std::make_unique<Adafactor>(weight_decay_groups(params, 0.01),
                                       AdafactorOptions::external(1e-2).beta1(0.9));
  });
}

TEST(OptimizerState, AdafactorWithRelativeStepResumesExactly) {
  expect_resume_is_exact([](const ParamSet& params) {
    return std::make_unique<Adafactor>(params, AdafactorOptions().warmup_init(true));
  });
}

TEST(OptimizerState, AdamWResumesExactly) {
  expect_resume_is_exact([](const ParamSet& params) {
    return std::make_unique<AdamW>(weight_decay_groups(params, 0.01), AdamWOptions().lr(1e-3));
  });
}

TEST(OptimizerState, NamesFieldsAfterParameters) {
  ParamSet params = initial_params();
  Adafactor optimizer(params, AdafactorOptions::external(1e-2));
  run_steps(optimizer, params, 0, 2);
  ParamSet state = optimizer.state_tensors();
  EXPECT_EQ(state.names(),
            (std::vector<std::string>{"block.weight.step", "block.weight.exp_avg_sq_row",
                                      "block.weight.exp_avg_sq_col", "block.bias.step",
                                      "block.bias.exp_avg_sq", "block.layer_norm.weight.step",
                                      "block.layer_norm.weight.exp_avg_sq", "conv.weight.step",
                                      "conv.weight.exp_avg_sq_row", "conv.weight.exp_avg_sq_col"}));
  EXPECT_EQ(state.at("block.weight.step").item<int64_t>(), 2);
  EXPECT_EQ(state.at("block.weight.exp_avg_sq_row").sizes(), (std::vector<int64_t>{6}));
  EXPECT_EQ(state.at("conv.weight.exp_avg_sq_row").sizes(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(state.at("conv.weight.exp_avg_sq_col").sizes(), (std::vector<int64_t>{2, 4}));
}

TEST(OptimizerState, RejectsStateThatDoesNotFit) {
  ParamSet params = initial_params();
  Adafactor optimizer(params, AdafactorOptions::external(1e-2));
  run_steps(optimizer, params, 0, 1);
  const ParamSet good = optimizer.state_tensors();

  auto expect_error = [&](const ParamSet& bad, const std::string& needle) {
    try {
      optimizer.load_state_tensors(bad, "ckpt.optim.safetensors");
      ADD_FAILURE() << "expected an error mentioning " << needle;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_EQ(e.file(), "ckpt.optim.safetensors");
    }
  };
  ParamSet misshapen = good;
  misshapen.set("block.weight.exp_avg_sq_col", torch::zeros({4}));
  expect_error(misshapen, "block.weight.exp_avg_sq_col");
  ParamSet stranger = good;
  stranger.set("other.weight.step", torch::scalar_tensor(1, torch::kInt64));
  expect_error(stranger, "other.weight.step");
  ParamSet missing = good;
  missing.erase("block.bias.exp_avg_sq");
  expect_error(missing, "block.bias.exp_avg_sq");
  ParamSet beta1_state = good;  // the run now uses beta1, the state has no exp_avg
  Adafactor with_beta1(params, AdafactorOptions::external(1e-2).beta1(0.9));
  EXPECT_THROW(with_beta1.load_state_tensors(beta1_state, "x"), InputError);
}

}  // namespace
}  // namespace mcplm
