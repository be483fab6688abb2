#include "mcplm/train/rng_state.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"

namespace mcplm {
namespace {

TEST(RngState, RestoringReplaysTheSameDraws) {
  torch::manual_seed(42);
  std::mt19937_64 data_order(1234), answers(99);
  torch::randn({3});  // an odd count leaves a cached normal sample behind
  data_order();
  const RngEngines engines = {{"data_order", &data_order}, {"answers", &answers}};
  const std::string bytes = serialize_safetensors(capture_rng_state(engines));

  auto dropout_mask = torch::rand({5});
  auto normals = torch::randn({3});
  auto order = data_order();
  auto answer = answers();

  torch::manual_seed(0);
  data_order.seed(0);
  answers.seed(0);
  restore_rng_state(parse_safetensors(bytes, "state").tensors, engines, "state");
  EXPECT_TRUE(torch::equal(torch::rand({5}), dropout_mask));
  EXPECT_TRUE(torch::equal(torch::randn({3}), normals));
  EXPECT_EQ(data_order(), order);
  EXPECT_EQ(answers(), answer);
}

TEST(RngState, ReportsMissingOrBrokenEntries) {
  std::mt19937_64 engine(1);
  ParamSet state = capture_rng_state({{"data_order", &engine}});
  EXPECT_EQ(state.names(), (std::vector<std::string>{"rng.torch_cpu", "rng.engine.data_order"}));
  EXPECT_THROW(restore_rng_state(state, {{"other", &engine}}, "f"), InputError);
  ParamSet broken = state;
  broken.set("rng.engine.data_order", torch::zeros({3}, torch::kUInt8));
  EXPECT_THROW(restore_rng_state(broken, {{"data_order", &engine}}, "f"), InputError);
  ParamSet short_cpu = state;
  short_cpu.set("rng.torch_cpu", torch::zeros({3}, torch::kUInt8));
  EXPECT_THROW(restore_rng_state(short_cpu, {}, "f"), InputError);
}

}  // namespace
}  // namespace mcplm
