#include "mcplm/config/roberta_config.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>

#include "mcplm/core/error.h"
#include "mcplm/model/roberta_classifier.h"
#include "mcplm/model/roberta_embeddings.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace mcplm;

namespace {
fs::path write_config(const std::string& name, const std::string& text) {
  fs::path path = test::temp_dir(name) / "config.json";
  std::ofstream(path) << text;
  return path;
}

void expect_config_error(const std::string& text, const std::string& expected) {
  fs::path path = write_config("bad", text);
  try {
    read_roberta_config(path);
    ADD_FAILURE() << "expected an error for " << text;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}
}  // namespace

TEST(RobertaConfig, ReadsTheFixture) {
  RobertaConfig c = read_roberta_config(test::fixtures() / "roberta-tiny" / "config.json");
  EXPECT_EQ(c.vocab_size, 3261);
  EXPECT_EQ(c.hidden_size, 32);
  EXPECT_EQ(c.num_hidden_layers, 2);
  EXPECT_EQ(c.num_attention_heads, 4);
  EXPECT_EQ(c.intermediate_size, 64);
  EXPECT_EQ(c.max_position_embeddings, 66);
  EXPECT_EQ(c.type_vocab_size, 1);
  EXPECT_DOUBLE_EQ(c.layer_norm_eps, 1e-5);
  EXPECT_EQ(c.pad_token_id, 1);
  EXPECT_FALSE(c.classifier_dropout.has_value());
  EXPECT_DOUBLE_EQ(c.head_dropout(), 0.1);
  EXPECT_EQ(c.num_labels, 3);
  EXPECT_EQ(c.id2label.at(2), "LABEL_2");
  EXPECT_FALSE(c.is_regression());
}

TEST(RobertaConfig, DefaultsLabelsAndRegression) {
  RobertaConfig c = read_roberta_config(write_config("min", R"({"model_type": "roberta"})"));
  EXPECT_EQ(c.max_position_embeddings, 512);  // transformers' default, not roberta-base's
  EXPECT_DOUBLE_EQ(c.layer_norm_eps, 1e-12);
  EXPECT_EQ(c.num_labels, 2);
  RobertaConfig r = read_roberta_config(write_config("reg", R"({"num_labels": 1})"));
  EXPECT_TRUE(r.is_regression());
  RobertaConfig named = read_roberta_config(write_config(
      "named",
      R"({"id2label": {"1": "entailment", "0": "contradiction"}, "classifier_dropout": 0.3})"));
  EXPECT_EQ(named.num_labels, 2);
  EXPECT_EQ(named.id2label.at(0), "contradiction");
  EXPECT_DOUBLE_EQ(named.head_dropout(), 0.3);
  EXPECT_EQ(roberta_base_config().max_position_embeddings, 514);
}

TEST(RobertaConfig, RejectsBadValues) {
  expect_config_error("{not json", "not a JSON object");
  expect_config_error(R"({"model_type": "t5"})", "model_type is 't5'");
  expect_config_error(R"({"hidden_act": "relu"})", "hidden_act 'relu'");
  expect_config_error(R"({"hidden_size": "big"})", "'hidden_size' must be an integer");
  expect_config_error(R"({"hidden_size": 30, "num_attention_heads": 4})", "not a multiple");
  expect_config_error(R"({"id2label": {"0": "a", "2": "b"}})", "id2label ids");
  expect_config_error(R"({"num_labels": 3, "id2label": {"0": "a"}})", "disagrees");
  expect_config_error(R"({"num_labels": 1000000000000})", "'num_labels' is too large");
  expect_config_error(R"({"position_embedding_type": "relative_key"})", "relative_key");
  expect_config_error(R"({"problem_type": "ranking"})", "problem_type");
}

TEST(RobertaEmbeddings, PositionIdsCountNonPadTokensFromPaddingIdxPlusOne) {
  torch::Tensor ids = torch::tensor({{0, 5, 6, 2, 1, 1}, {0, 1, 7, 2, 1, 1}});
  torch::Tensor expected = torch::tensor({{2, 3, 4, 5, 1, 1}, {2, 1, 3, 4, 1, 1}});
  EXPECT_TRUE(torch::equal(roberta_position_ids(ids, 1), expected));
}

TEST(RobertaLoss, FollowsTheProblemType) {
  RobertaConfig c;
  c.set_num_labels(3);
  torch::Tensor logits = torch::tensor({{1.0, 2.0, 0.5}, {0.0, -1.0, 3.0}});
  torch::Tensor labels = torch::tensor({1, -100});
  double ce = sequence_classification_loss(c, logits, labels).item<double>();
  double expected = -std::log(std::exp(2.0) / (std::exp(1.0) + std::exp(2.0) + std::exp(0.5)));
  EXPECT_NEAR(ce, expected, 1e-6);

  c.set_num_labels(1);
  torch::Tensor scores = torch::tensor({{0.5}, {2.0}});
  double mse = sequence_classification_loss(c, scores, torch::tensor({1.0, 1.0})).item<double>();
  EXPECT_NEAR(mse, (0.25 + 1.0) / 2, 1e-6);
}

TEST(RobertaClassifier, RandomInitFollowsTransformers) {
  RobertaConfig c = roberta_base_config();
  c.num_hidden_layers = 1;
  RobertaForSequenceClassification model(c);
  model->initialize(1);
  auto& emb = *model->roberta->embeddings;
  EXPECT_TRUE(emb.word_embeddings->weight[c.pad_token_id].eq(0).all().item<bool>());
  EXPECT_NEAR(emb.word_embeddings->weight.std().item<double>(), 0.02, 0.001);
  EXPECT_TRUE(emb.layer_norm->weight.eq(1).all().item<bool>());
  EXPECT_TRUE(model->classifier->dense->bias.eq(0).all().item<bool>());
  RobertaForSequenceClassification same(c);
  same->initialize(1);
  EXPECT_TRUE(
      torch::equal(same->classifier->out_proj->weight, model->classifier->out_proj->weight));
}
