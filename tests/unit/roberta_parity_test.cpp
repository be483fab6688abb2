// RobertaForSequenceClassification against transformers 4.19
// (fixtures/roberta_forward.safetensors), from both weight formats; the
// forward passes run on test::device().
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/module_params.h"
#include "mcplm/config/model_family.h"
#include "mcplm/model/roberta_forward.h"
#include "mcplm/model/roberta_load.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace mcplm;

namespace {

ParamSet reference() {
  return read_safetensors(test::fixtures() / "roberta_forward.safetensors").tensors;
}

// `a` (on any device) against `b` (on the CPU).
double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kCPU, torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

void expect_matches_reference(RobertaForSequenceClassificationImpl& model) {
  ParamSet ref = reference();
  ParamSet in = ref.to(test::device());
  torch::NoGradGuard no_grad;
  model.eval();
  model.to(test::device());
  SequenceClassifierOutput out =
      model.forward(in.at("input_ids"), in.at("attention_mask"), {}, in.at("labels"));
  EXPECT_LE(max_abs_diff(out.logits, ref.at("logits")), 1e-4);
  EXPECT_LE(max_abs_diff(out.last_hidden_state, ref.at("last_hidden_state")), 1e-4);
  double loss = out.loss.item<double>(), ref_loss = ref.at("loss").item<double>();
  EXPECT_LE(std::abs(loss - ref_loss) / std::abs(ref_loss), 1e-5) << loss << " vs " << ref_loss;
}

// A model directory holding only config.json and `weights_file` of roberta-tiny.
fs::path single_format_dir(const std::string& weights_file) {
  fs::path dir = test::temp_dir(weights_file);
  fs::copy_file(test::fixtures() / "roberta-tiny" / "config.json", dir / "config.json");
  fs::copy_file(test::fixtures() / "roberta-tiny" / weights_file, dir / weights_file);
  return dir;
}

}  // namespace

TEST(RobertaParity, NamedParametersEqualTheHuggingFaceStateDict) {
  LoadedRoberta loaded = load_roberta_classifier(test::fixtures() / "roberta-tiny");
  ParamSet hf = read_safetensors(test::fixtures() / "roberta-tiny" / "model.safetensors").tensors;
  hf.erase("roberta.embeddings.position_ids");
  ParamSet ours = module_params(*loaded.model);
  EXPECT_EQ(ours.names(), hf.names());
  ours.check_same_layout(hf, "model", "checkpoint");
  for (const auto& [name, tensor] : hf) EXPECT_TRUE(torch::equal(ours.at(name), tensor)) << name;
  EXPECT_FALSE(loaded.report.fresh_head);
  EXPECT_EQ(loaded.report.checkpoint_kind, "RobertaForSequenceClassification");
  EXPECT_EQ(loaded.report.message(), "");
  EXPECT_EQ(loaded.report.ignored, std::vector<std::string>{"roberta.embeddings.position_ids"});
}

TEST(RobertaParity, ForwardFromSafetensors) {
  expect_matches_reference(*load_roberta_classifier(single_format_dir("model.safetensors")).model);
}

TEST(RobertaParity, ForwardFromPytorchModelBin) {
  expect_matches_reference(*load_roberta_classifier(single_format_dir("pytorch_model.bin")).model);
}

TEST(RobertaParity, TrainModeAppliesDropout) {
  LoadedRoberta loaded = load_roberta_classifier(test::fixtures() / "roberta-tiny");
  ParamSet ref = reference();
  ParamSet in = ref.to(test::device());
  loaded.model->train();
  loaded.model->to(test::device());
  torch::manual_seed(0);
  auto out = loaded.model->forward(in.at("input_ids"), in.at("attention_mask"));
  EXPECT_GT(max_abs_diff(out.logits, ref.at("logits")), 1e-3);
}

TEST(RobertaForwardTool, MatchesReference) {
  ParamSet ref = reference();
  ParamSet inputs;
  for (const char* name : {"input_ids", "attention_mask", "labels"}) inputs.set(name, ref.at(name));
  RobertaForwardResult result =
      roberta_forward_tensors(test::fixtures() / "roberta-tiny", inputs, "inputs");
  EXPECT_EQ(result.outputs.names(),
            (std::vector<std::string>{"logits", "loss", "last_hidden_state"}));
  EXPECT_LE(max_abs_diff(result.outputs.at("logits"), ref.at("logits")), 1e-4);
  EXPECT_LE(max_abs_diff(result.outputs.at("last_hidden_state"), ref.at("last_hidden_state")),
            1e-4);
  EXPECT_EQ(result.outputs.at("loss").sizes(), ref.at("loss").sizes());
  EXPECT_NEAR(result.outputs.at("loss").item<double>(), ref.at("loss").item<double>(),
              1e-5 * std::abs(ref.at("loss").item<double>()));
  EXPECT_EQ(read_model_family(test::fixtures() / "roberta-tiny"), ModelFamily::Roberta);
  EXPECT_EQ(read_model_family(test::fixtures() / "t5-tiny"), ModelFamily::T5);
}

TEST(RobertaForwardTool, WithoutLabelsOrMaskGivesNoLoss) {
  ParamSet ref = reference();
  ParamSet inputs;
  ASSERT_TRUE(ref.at("attention_mask")[1].eq(1).all().item<bool>());  // row 1 has no padding
  inputs.set("input_ids", ref.at("input_ids").slice(0, 1, 2));
  auto result = roberta_forward_tensors(test::fixtures() / "roberta-tiny", inputs, "inputs");
  EXPECT_FALSE(result.outputs.contains("loss"));
  EXPECT_LE(max_abs_diff(result.outputs.at("logits"), ref.at("logits").slice(0, 1, 2)), 1e-4);
}

TEST(RobertaForwardTool, RejectsBadInputs) {
  ParamSet ref = reference();
  LoadedRoberta loaded = load_roberta_classifier(test::fixtures() / "roberta-tiny");
  auto fails = [&](ParamSet inputs, const std::string& expected) {
    try {
      roberta_forward_tensors(*loaded.model, inputs, "in.safetensors");
      ADD_FAILURE() << "expected an error mentioning " << expected;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("in.safetensors"), std::string::npos) << e.what();
    }
  };
  ParamSet ok;
  ok.set("input_ids", ref.at("input_ids"));
  ok.set("attention_mask", ref.at("attention_mask"));

  ParamSet extra = ok;
  extra.set("decoder_input_ids", ref.at("input_ids"));
  fails(extra, "decoder_input_ids");
  ParamSet out_of_vocab = ok;
  out_of_vocab.set("input_ids", ref.at("input_ids") + 5000);
  fails(out_of_vocab, "outside");
  ParamSet bad_mask = ok;
  bad_mask.set("attention_mask", ref.at("attention_mask").slice(1, 0, 3));
  fails(bad_mask, "attention_mask has shape");
  ParamSet too_long = ok;
  too_long.set("input_ids", torch::full({1, 80}, 5, torch::kLong));
  too_long.erase("attention_mask");
  fails(too_long, "exceeds");
  ParamSet bad_labels = ok;
  bad_labels.set("labels", torch::tensor({0, 1, 7}));
  fails(bad_labels, "labels");
  ParamSet float_ids = ok;
  float_ids.set("input_ids", ref.at("input_ids").to(torch::kFloat));
  fails(float_ids, "integers");
}
