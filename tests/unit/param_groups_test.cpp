#include "mcplm/train/param_groups.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace mcplm {
namespace {

TEST(ParamGroups, NoDecayForBiasesAndLayerNormWeights) {
  EXPECT_TRUE(takes_weight_decay("encoder.block.0.layer.0.SelfAttention.q.weight"));
  EXPECT_TRUE(takes_weight_decay("shared.weight"));
  EXPECT_TRUE(takes_weight_decay("encoder.block.0.layer.1.adapter.adapter_A"));
  EXPECT_FALSE(takes_weight_decay("encoder.block.0.layer.0.layer_norm.weight"));
  EXPECT_FALSE(takes_weight_decay("encoder.final_layer_norm.weight"));
  EXPECT_FALSE(takes_weight_decay("roberta.encoder.layer.0.attention.output.dense.bias"));
  EXPECT_FALSE(takes_weight_decay("roberta.embeddings.LayerNorm.weight"));
  EXPECT_FALSE(takes_weight_decay("roberta.embeddings.LayerNorm.bias"));
}

TEST(ParamGroups, SplitsInOrderAndDropsEmptyGroups) {
  ParamSet params;
  for (const char* name : {"a.weight", "a.bias", "b.layer_norm.weight", "c.weight"})
    params.set(name, torch::zeros({1}));
  auto groups = weight_decay_groups(params, 0.01);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].weight_decay, 0.01);
  EXPECT_EQ(groups[0].params.names(), (std::vector<std::string>{"a.weight", "c.weight"}));
  EXPECT_EQ(groups[1].weight_decay, 0.0);
  EXPECT_EQ(groups[1].params.names(), (std::vector<std::string>{"a.bias", "b.layer_norm.weight"}));
  EXPECT_TRUE(groups[0].params.at("a.weight").is_same(params.at("a.weight")));

  auto only_decay = weight_decay_groups(params.select(takes_weight_decay), 0.01);
  ASSERT_EQ(only_decay.size(), 1u);
  EXPECT_EQ(only_decay[0].weight_decay, 0.01);
}

TEST(ParamGroups, AdaptersTakeNoDecayInOneGroup) {
  ParamSet params;
  params.set("x.adapter.adapter_A", torch::zeros({1}));
  params.set("x.adapter.bias", torch::zeros({1}));
  auto groups = weight_decay_groups(params, 0.0);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].weight_decay, 0.0);
  EXPECT_EQ(groups[0].params.size(), 2u);
  EXPECT_TRUE(weight_decay_groups(ParamSet(), 0.0).empty());
}

}  // namespace
}  // namespace mcplm
