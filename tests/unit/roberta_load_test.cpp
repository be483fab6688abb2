// Loading RoBERTa checkpoints of other layouts: masked-LM and bare
// RobertaModel checkpoints start a fresh, seeded, reported head.
#include "mcplm/model/roberta_load.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/module_params.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace mcplm;

namespace {

ParamSet tiny_weights() {
  return read_safetensors(test::fixtures() / "roberta-tiny" / "model.safetensors").tensors;
}

fs::path write_model_dir(const std::string& name, const ParamSet& weights) {
  fs::path dir = test::temp_dir(name);
  fs::copy_file(test::fixtures() / "roberta-tiny" / "config.json", dir / "config.json");
  write_safetensors(dir / "model.safetensors", weights, {{"format", "pt"}});
  return dir;
}

// RobertaForMaskedLM's layout: the encoder under `roberta.`, an `lm_head`
// (decoder tied to the word embeddings), no classifier.
ParamSet masked_lm_weights() {
  ParamSet in = tiny_weights(), out;
  for (const auto& [name, tensor] : in)
    if (name.rfind("classifier.", 0) != 0) out.set(name, tensor);
  const int64_t d = 32, vocab = 3261;
  out.set("lm_head.dense.weight", torch::randn({d, d}));
  out.set("lm_head.dense.bias", torch::zeros({d}));
  out.set("lm_head.layer_norm.weight", torch::ones({d}));
  out.set("lm_head.layer_norm.bias", torch::zeros({d}));
  out.set("lm_head.decoder.weight", in.at("roberta.embeddings.word_embeddings.weight"));
  out.set("lm_head.decoder.bias", torch::zeros({vocab}));
  out.set("lm_head.bias", torch::zeros({vocab}));
  return out;
}

torch::Tensor last_hidden_state(RobertaForSequenceClassificationImpl& model) {
  ParamSet ref = read_safetensors(test::fixtures() / "roberta_forward.safetensors").tensors;
  torch::NoGradGuard no_grad;
  model.eval();
  return model.forward(ref.at("input_ids"), ref.at("attention_mask")).last_hidden_state;
}

void expect_fresh_head(const RobertaForSequenceClassificationImpl& model) {
  auto& head = *model.classifier;
  EXPECT_TRUE(head.dense->bias.eq(0).all().item<bool>());
  EXPECT_TRUE(head.out_proj->bias.eq(0).all().item<bool>());
  double std = head.dense->weight.std().item<double>();
  EXPECT_NEAR(std, 0.02, 0.003);
  EXPECT_NEAR(head.dense->weight.mean().item<double>(), 0.0, 0.003);
}

RobertaLoadOptions options(std::optional<int64_t> num_labels, int64_t bottleneck = 0,
                           uint64_t head_seed = 42, uint64_t adapter_seed = 42) {
  RobertaLoadOptions o;
  o.num_labels = num_labels;
  o.adapter_bottleneck = bottleneck;
  o.head_seed = head_seed;
  o.adapter_seed = adapter_seed;
  return o;
}

void expect_input_error(const std::function<void()>& f, const std::string& expected) {
  try {
    f();
    ADD_FAILURE() << "expected an InputError mentioning " << expected;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(RobertaLoad, MaskedLmCheckpointStartsAFreshReportedHead) {
  fs::path dir = write_model_dir("mlm", masked_lm_weights());
  LoadedRoberta loaded = load_roberta_classifier(dir, options({}, 0, 7));
  EXPECT_EQ(loaded.report.checkpoint_kind, "RobertaForMaskedLM");
  EXPECT_TRUE(loaded.report.fresh_head);
  EXPECT_FALSE(loaded.report.fresh_adapters);
  std::string message = loaded.report.message();
  EXPECT_NE(message.find("RobertaForMaskedLM"), std::string::npos) << message;
  EXPECT_NE(message.find("new classification head"), std::string::npos) << message;
  EXPECT_NE(message.find(dir.string()), std::string::npos) << message;
  EXPECT_EQ(loaded.report.ignored.size(), 8u);  // position_ids and 7 lm_head tensors
  expect_fresh_head(*loaded.model);

  // The encoder is the checkpoint's: the hidden states match transformers.
  ParamSet ref = read_safetensors(test::fixtures() / "roberta_forward.safetensors").tensors;
  EXPECT_LE(
      (last_hidden_state(*loaded.model) - ref.at("last_hidden_state")).abs().max().item<double>(),
      1e-4);

  // The same seed draws the same head; another seed another one.
  LoadedRoberta again = load_roberta_classifier(dir, options({}, 0, 7));
  LoadedRoberta other = load_roberta_classifier(dir, options({}, 0, 8));
  EXPECT_TRUE(torch::equal(again.model->classifier->dense->weight,
                           loaded.model->classifier->dense->weight));
  EXPECT_FALSE(torch::equal(other.model->classifier->dense->weight,
                            loaded.model->classifier->dense->weight));
}

TEST(RobertaLoad, BareRobertaModelCheckpointGainsThePrefix) {
  ParamSet bare;
  for (const auto& [name, tensor] : tiny_weights())
    if (name.rfind("roberta.", 0) == 0) bare.set(name.substr(8), tensor);
  bare.set("pooler.dense.weight", torch::zeros({32, 32}));
  bare.set("pooler.dense.bias", torch::zeros({32}));
  LoadedRoberta loaded = load_roberta_classifier(write_model_dir("bare", bare), options(5));
  EXPECT_EQ(loaded.report.checkpoint_kind, "RobertaModel");
  EXPECT_EQ(loaded.report.ignored,
            (std::vector<std::string>{"embeddings.position_ids", "pooler.dense.weight",
                                      "pooler.dense.bias"}));
  EXPECT_TRUE(loaded.report.fresh_head);
  EXPECT_EQ(loaded.model->config().num_labels, 5);
  EXPECT_EQ(loaded.model->classifier->out_proj->weight.size(0), 5);
  EXPECT_TRUE(torch::equal(loaded.model->roberta->embeddings->word_embeddings->weight,
                           bare.at("embeddings.word_embeddings.weight")));
}

TEST(RobertaLoad, RejectsIncompleteOrForeignCheckpoints) {
  ParamSet missing = tiny_weights();
  missing.erase("roberta.encoder.layer.1.output.dense.weight");
  expect_input_error([&] { load_roberta_classifier(write_model_dir("missing", missing)); },
                     "roberta.encoder.layer.1.output.dense.weight");

  ParamSet partial_head = tiny_weights();
  partial_head.erase("classifier.out_proj.bias");
  expect_input_error([&] { load_roberta_classifier(write_model_dir("partial", partial_head)); },
                     "classifier.out_proj.bias");

  ParamSet unknown = tiny_weights();
  unknown.set("roberta.encoder.layer.2.output.dense.weight", torch::zeros({32, 64}));
  expect_input_error([&] { load_roberta_classifier(write_model_dir("unknown", unknown)); },
                     "num_hidden_layers is 2, the weights hold 3 roberta.encoder.layer block(s)");

  expect_input_error(
      [&] { load_roberta_classifier(test::fixtures() / "roberta-tiny", options(2)); },
      "classifier.out_proj.weight has shape [3, 32]");
}

TEST(RobertaLoad, AdaptersStartFreshUnlessTheCheckpointHasThem) {
  LoadedRoberta fresh =
      load_roberta_classifier(test::fixtures() / "roberta-tiny", options({}, 4, 42, 3));
  EXPECT_TRUE(fresh.report.fresh_adapters);
  EXPECT_FALSE(fresh.report.fresh_head);
  EXPECT_NE(fresh.report.message().find("new adapters"), std::string::npos);

  ParamSet with_adapters = module_params(*fresh.model);
  LoadedRoberta reloaded =
      load_roberta_classifier(write_model_dir("adapters", with_adapters), options({}, 4, 42, 99));
  EXPECT_FALSE(reloaded.report.fresh_adapters);
  EXPECT_EQ(reloaded.report.message(), "");
  const char* name = "roberta.encoder.layer.1.output.adapter.modulelist.down_proj.weight";
  EXPECT_TRUE(torch::equal(module_params(*reloaded.model).at(name), with_adapters.at(name)));

  // A checkpoint with adapters does not load into a model without them.
  expect_input_error(
      [&] { load_roberta_classifier(write_model_dir("no_adapters", with_adapters)); }, "adapter");
}
