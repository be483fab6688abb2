// Grouping parameter names as the original's get_group_layer_name does.
#include "mcplm/connect/layer_groups.h"

#include <gtest/gtest.h>

#include "mcplm/core/error.h"

using namespace mcplm;

namespace {

const std::vector<std::string> kNames = {
    "shared.weight",
    "encoder.block.0.layer.0.SelfAttention.q.weight",
    "encoder.block.0.layer.0.layer_norm.weight",
    "encoder.block.0.layer.1.DenseReluDense.wo.weight",
    "encoder.block.1.layer.0.SelfAttention.q.weight",
    "encoder.final_layer_norm.weight",
    "decoder.block.0.layer.2.DenseReluDense.wo.weight",
    "lm_head.weight",
};

std::vector<std::string> names_of(const std::vector<ParamGroup>& groups) {
  std::vector<std::string> out;
  for (const auto& g : groups) out.push_back(g.name);
  return out;
}

}  // namespace

TEST(LayerGroups, BlockTakesTheFirstThreePartsAndLeavesOthersAlone) {
  const auto groups = group_parameters(kNames, LayerFilter::Block);
  EXPECT_EQ(names_of(groups),
            (std::vector<std::string>{"shared.weight", "encoder.block.0", "encoder.block.1",
                                      "encoder.final_layer_norm.weight", "decoder.block.0",
                                      "lm_head.weight"}));
  EXPECT_EQ(groups[1].params, (std::vector<std::string>{kNames[1], kNames[2], kNames[3]}));
  EXPECT_EQ(groups[0].params, (std::vector<std::string>{"shared.weight"}));
}

TEST(LayerGroups, LayerTakesTheFirstFiveParts) {
  const auto groups = group_parameters(kNames, LayerFilter::Layer);
  EXPECT_EQ(names_of(groups),
            (std::vector<std::string>{"shared.weight", "encoder.block.0.layer.0",
                                      "encoder.block.0.layer.1", "encoder.block.1.layer.0",
                                      "encoder.final_layer_norm.weight", "decoder.block.0.layer.2",
                                      "lm_head.weight"}));
  EXPECT_EQ(groups[1].params, (std::vector<std::string>{kNames[1], kNames[2]}));
}

TEST(LayerGroups, WeightKeepsEveryTensorAloneAndOrderIsFirstAppearance) {
  EXPECT_EQ(names_of(group_parameters(kNames, LayerFilter::Weight)), kNames);
  // "final_layer_norm" is not the part "layer"; a group is where its first member is.
  const auto groups = group_parameters(
      {"a.block.1.x", "a.block.0.x", "a.block.1.y", "final_layer_norm.weight"}, LayerFilter::Block);
  EXPECT_EQ(names_of(groups),
            (std::vector<std::string>{"a.block.1", "a.block.0", "final_layer_norm.weight"}));
  EXPECT_EQ(groups[0].params, (std::vector<std::string>{"a.block.1.x", "a.block.1.y"}));
}

TEST(LayerGroups, FilterNames) {
  for (LayerFilter f : {LayerFilter::Block, LayerFilter::Layer, LayerFilter::Weight})
    EXPECT_EQ(parse_layer_filter(layer_filter_name(f), "x"), f);
  EXPECT_THROW(parse_layer_filter("stack", "file.json"), InputError);
}
