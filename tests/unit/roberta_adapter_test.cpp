// OpenDelta-style adapters in RoBERTa: formula, names, placement, init, and
// what the `adapter` method trains.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/bottleneck_adapter.h"
#include "mcplm/model/method.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/roberta_classifier.h"
#include "mcplm/model/roberta_load.h"
#include "test_util.h"

using namespace mcplm;

namespace {

RobertaConfig tiny_config() {
  RobertaConfig c;
  c.vocab_size = 50;
  c.hidden_size = 8;
  c.num_hidden_layers = 2;
  c.num_attention_heads = 2;
  c.intermediate_size = 16;
  c.max_position_embeddings = 20;
  c.type_vocab_size = 1;
  c.layer_norm_eps = 1e-5;
  c.set_num_labels(3);
  return c;
}

}  // namespace

TEST(BottleneckAdapter, ComputesUpOfTanhGeluOfDownPlusInput) {
  BottleneckAdapter adapter(4, 2);
  torch::NoGradGuard no_grad;
  adapter->down_proj->weight.copy_(torch::tensor({{0.5, -1.0, 0.25, 2.0}, {1.0, 0.0, -0.5, 0.5}}));
  adapter->down_proj->bias.copy_(torch::tensor({0.1, -0.2}));
  adapter->up_proj->weight.copy_(torch::tensor({{1.0, 2.0}, {-1.0, 0.5}, {0.0, 1.0}, {3.0, -2.0}}));
  adapter->up_proj->bias.copy_(torch::tensor({0.0, 0.1, 0.2, 0.3}));
  torch::Tensor h = torch::tensor({{1.0, 2.0, 3.0, 4.0}, {-1.0, 0.0, 0.5, 2.0}});  // [2, 4]
  // Hand computation with the tanh approximation of GELU.
  auto gelu_tanh = [](double x) {
    return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
  };
  auto W1 = adapter->down_proj->weight, b1 = adapter->down_proj->bias;
  auto W2 = adapter->up_proj->weight, b2 = adapter->up_proj->bias;
  torch::Tensor out = adapter(h);
  for (int r = 0; r < 2; ++r) {
    double z[2];
    for (int j = 0; j < 2; ++j) {
      double s = b1[j].item<double>();
      for (int i = 0; i < 4; ++i) s += W1[j][i].item<double>() * h[r][i].item<double>();
      z[j] = gelu_tanh(s);
    }
    for (int i = 0; i < 4; ++i) {
      double y = b2[i].item<double>() + h[r][i].item<double>();
      for (int j = 0; j < 2; ++j) y += W2[i][j].item<double>() * z[j];
      EXPECT_NEAR(out[r][i].item<double>(), y, 1e-5) << r << "," << i;
    }
  }
}

TEST(BottleneckAdapter, SeededInitIsNormalWithZeroBias) {
  BottleneckAdapter a(64, 24), b(64, 24), c(64, 24);
  at::Generator g1 = at::detail::createCPUGenerator(5), g2 = at::detail::createCPUGenerator(5),
                g3 = at::detail::createCPUGenerator(6);
  a->initialize(0.01, g1);
  b->initialize(0.01, g2);
  c->initialize(0.01, g3);
  EXPECT_TRUE(torch::equal(a->down_proj->weight, b->down_proj->weight));
  EXPECT_TRUE(torch::equal(a->up_proj->weight, b->up_proj->weight));
  EXPECT_FALSE(torch::equal(a->down_proj->weight, c->down_proj->weight));
  EXPECT_NEAR(a->down_proj->weight.std().item<double>(), 0.01, 0.001);
  EXPECT_NEAR(a->up_proj->weight.std().item<double>(), 0.01, 0.001);
  EXPECT_TRUE(a->down_proj->bias.eq(0).all().item<bool>());
  EXPECT_TRUE(a->up_proj->bias.eq(0).all().item<bool>());
}

TEST(RobertaAdapters, NamesAndShapesFollowOpenDelta) {
  RobertaForSequenceClassification model(tiny_config(), 3);
  ParamSet params = module_params(*model);
  ParamSet adapters =
      params.select([](const std::string& n) { return n.find(".adapter.") != std::string::npos; });
  std::vector<std::string> expected;
  for (int layer = 0; layer < 2; ++layer)
    for (const char* block : {"attention", "output"})
      for (const char* proj : {"down_proj", "up_proj"})
        for (const char* kind : {"weight", "bias"})
          expected.push_back("roberta.encoder.layer." + std::to_string(layer) + "." + block +
                             ".adapter.modulelist." + proj + "." + kind);
  std::vector<std::string> names = adapters.names();
  std::sort(names.begin(), names.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(names, expected);
  const std::string p = "roberta.encoder.layer.0.attention.adapter.modulelist.";
  EXPECT_EQ(params.at(p + "down_proj.weight").sizes(), (std::vector<int64_t>{3, 8}));
  EXPECT_EQ(params.at(p + "down_proj.bias").sizes(), (std::vector<int64_t>{3}));
  EXPECT_EQ(params.at(p + "up_proj.weight").sizes(), (std::vector<int64_t>{8, 3}));
  EXPECT_EQ(params.at(p + "up_proj.bias").sizes(), (std::vector<int64_t>{8}));
  // Without adapters the names are exactly transformers'.
  RobertaForSequenceClassification plain(tiny_config());
  EXPECT_EQ(module_params(*plain).size() + adapters.size(), params.size());
}

TEST(RobertaAdapters, SitAfterEachBlocksLayerNormAndFeedTheFfnResidual) {
  RobertaForSequenceClassification model(tiny_config(), 3);
  model->initialize(11);
  {
    // Large adapter weights, so that a misplaced adapter changes the result.
    torch::NoGradGuard no_grad;
    for (auto& item : model->named_parameters())
      if (item.key().find(".adapter.") != std::string::npos) item.value().normal_(0, 0.5);
  }
  model->eval();
  torch::NoGradGuard no_grad;
  RobertaLayerImpl& layer = *model->roberta->encoder->layer->ptr<RobertaLayerImpl>(0);
  torch::Tensor h = torch::randn({2, 5, 8});
  torch::Tensor mask = torch::zeros({2, 1, 1, 5});
  auto& attn = *layer.attention;
  auto& ff = *layer.output;
  torch::Tensor ctx = attn.self_attention(h, mask);
  torch::Tensor a = attn.output->layer_norm(attn.output->dense(ctx) + h);
  a = attn.adapter(a);
  torch::Tensor f = torch::gelu(layer.intermediate->dense(a));
  torch::Tensor o = ff.adapter(ff.layer_norm(ff.dense(f) + a));
  EXPECT_LE((layer.forward(h, mask) - o).abs().max().item<double>(), 1e-6);
}

TEST(RobertaAdapters, ZeroUpProjectionIsTheIdentity) {
  LoadedRoberta loaded = load_roberta_classifier(test::fixtures() / "roberta-tiny",
                                                 RobertaLoadOptions{{}, 24, 42, 42});
  {
    torch::NoGradGuard no_grad;
    for (auto& item : loaded.model->named_parameters())
      if (item.key().find(".up_proj.") != std::string::npos) item.value().zero_();
  }
  ParamSet ref = read_safetensors(test::fixtures() / "roberta_forward.safetensors").tensors;
  torch::NoGradGuard no_grad;
  auto out = loaded.model->forward(ref.at("input_ids"), ref.at("attention_mask"));
  EXPECT_LE((out.logits - ref.at("logits")).abs().max().item<double>(), 1e-4);
}

TEST(RobertaMethods, AdapterTrainsAdaptersLayerNormsAndClassifier) {
  RobertaForSequenceClassification model(tiny_config(), 3);
  NameFilter adapter = tuned_by(ModelFamily::Roberta, TuningMethod::Adapter);
  std::vector<std::string> trained;
  for (const auto& [name, tensor] : module_params(*model))
    if (adapter(name)) trained.push_back(name);
  // 2 layers x 2 adapters x 4, 2 x 2 LayerNorms x 2 + embeddings' 2, classifier 4.
  EXPECT_EQ(trained.size(), 16u + 8u + 2u + 4u);
  EXPECT_TRUE(adapter("roberta.embeddings.LayerNorm.weight"));
  EXPECT_TRUE(adapter("roberta.encoder.layer.1.attention.output.LayerNorm.bias"));
  EXPECT_TRUE(adapter("classifier.out_proj.weight"));
  EXPECT_FALSE(adapter("roberta.encoder.layer.1.attention.self.query.weight"));
  EXPECT_FALSE(adapter("roberta.embeddings.word_embeddings.weight"));

  int64_t trainable = set_trainable(*model, adapter);
  int64_t expected = 0;
  for (const auto& item : model->named_parameters()) {
    EXPECT_EQ(item.value().requires_grad(), adapter(item.key())) << item.key();
    if (adapter(item.key())) expected += item.value().numel();
  }
  EXPECT_EQ(trainable, expected);
  EXPECT_EQ(set_trainable(*model, tuned_by(ModelFamily::Roberta, TuningMethod::Model)),
            module_params(*model).numel());
  EXPECT_THROW(parse_tuning_method("prefix"), InputError);
}
