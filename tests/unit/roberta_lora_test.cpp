// LoRA in RoBERTa: on query and value of every layer, the formula, what the
// lora method trains, and B = 0 giving the base model exactly.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/model/method.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/roberta_classifier.h"
#include "test_util.h"

namespace mcplm {
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

torch::Tensor logits_of(RobertaForSequenceClassification& model, const torch::Tensor& ids) {
  torch::NoGradGuard no_grad;
  return model->forward(ids, torch::ones_like(ids)).logits;
}

TEST(RobertaLora, OnQueryAndValueOfEveryLayer) {
  RobertaForSequenceClassification model(tiny_config());
  model->attach_lora(LoraConfig{3, 6.0, 0.0});
  ParamSet lora = module_params(*model).select(is_lora_factor);
  std::vector<std::string> expected;
  for (int i = 0; i < 2; ++i)
    for (const char* m : {"query", "value"})
      for (const char* f : {"lora_A", "lora_B"})
        expected.push_back("roberta.encoder.layer." + std::to_string(i) + ".attention.self." + m +
                           "." + f);
  EXPECT_EQ(lora.names(), expected);
  EXPECT_EQ(lora.at(expected[0]).sizes(), (std::vector<int64_t>{8, 3}));
  EXPECT_EQ(lora.at(expected[1]).sizes(), (std::vector<int64_t>{3, 8}));

  ParamSet tuned = module_params(*model).select(tuned_by(ModelFamily::Roberta, TuningMethod::Lora));
  EXPECT_EQ(tuned.size(), expected.size() + 4);  // + classifier dense and out_proj
  for (const auto& name : tuned.names())
    EXPECT_TRUE(is_lora_factor(name) || name.rfind("classifier.", 0) == 0) << name;
}

TEST(RobertaLora, ZeroBIsTheBaseModelAndTheUpdateIsScaled) {
  RobertaForSequenceClassification base(tiny_config()), lora(tiny_config());
  base->initialize(4);
  lora->initialize(4);
  base->eval();
  lora->eval();
  lora->attach_lora(LoraConfig{3, 6.0, 0.0});
  lora->initialize_lora(9);
  torch::Tensor ids = torch::randint(3, 50, {2, 7});
  EXPECT_TRUE(torch::equal(logits_of(base, ids), logits_of(lora, ids)));

  // A nonzero update equals the base model with W + (A·B)ᵀ·alpha/r in query.
  auto self = lora->roberta->encoder->layer[0]->as<RobertaLayer>()->attention->self_attention;
  torch::NoGradGuard no_grad;
  self->query_lora.B.normal_();
  auto base_self = base->roberta->encoder->layer[0]->as<RobertaLayer>()->attention->self_attention;
  base_self->query->weight.add_(torch::matmul(self->query_lora.A, self->query_lora.B).t() * 2.0);
  EXPECT_TRUE(torch::allclose(logits_of(base, ids), logits_of(lora, ids), 1e-5, 1e-6));
}

}  // namespace
}  // namespace mcplm
