// Which tuning method a checkpoint without metadata comes from.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/train/checkpoint_io.h"

using namespace mcplm;

namespace {

LoadedParams checkpoint_with(const std::vector<std::string>& names, Metadata metadata = {}) {
  LoadedParams loaded;
  for (const auto& name : names) loaded.params.set(name, torch::zeros({2}));
  loaded.metadata = std::move(metadata);
  return loaded;
}

}  // namespace

TEST(DetectMethod, MetadataDecides) {
  EXPECT_EQ(detect_method(checkpoint_with({"shared.weight"}, {{"method", "adapter"}})),
            TuningMethod::Adapter);
}

TEST(DetectMethod, T5AdaptersAlone) {
  EXPECT_EQ(detect_method(checkpoint_with({"encoder.block.0.layer.0.adapter.adapter_A",
                                           "encoder.block.0.layer.0.adapter.adapter_B"})),
            TuningMethod::Adapter);
}

TEST(DetectMethod, RobertaAdaptersWithTheLayerNormsAndHeadTrainedBesideThem) {
  EXPECT_EQ(detect_method(checkpoint_with(
                {"roberta.encoder.layer.0.attention.output.adapter.modulelist.down_proj.weight",
                 "roberta.encoder.layer.0.attention.output.LayerNorm.weight",
                 "classifier.dense.weight", "classifier.out_proj.bias"})),
            TuningMethod::Adapter);
}

TEST(DetectMethod, WholeModels) {
  EXPECT_EQ(detect_method(checkpoint_with(
                {"shared.weight", "encoder.block.0.layer.0.SelfAttention.q.weight"})),
            TuningMethod::Model);
  EXPECT_EQ(detect_method(checkpoint_with(
                {"roberta.embeddings.word_embeddings.weight", "classifier.dense.weight"})),
            TuningMethod::Model);
  EXPECT_EQ(detect_method(checkpoint_with({})),
            TuningMethod::Model);
}
