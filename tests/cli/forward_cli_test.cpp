// `mcplm forward` end to end against the transformers fixtures, and `mcplm bench model`.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/io/safetensors.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/roberta_load.h"
#include "mcplm/model/method.h"
#include "test_util.h"

namespace mcplm {
namespace {

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// The fixture's inputs alone in a file of their own.
std::filesystem::path write_inputs(const std::filesystem::path& dir) {
  auto ref = read_safetensors(test::fixtures() / "t5_forward.safetensors").tensors;
  ParamSet inputs;
  for (const char* name : {"input_ids", "attention_mask", "labels", "decoder_attention_mask"})
    inputs.set(name, ref.at(name));
  write_safetensors(dir / "inputs.safetensors", inputs);
  return dir / "inputs.safetensors";
}

// The RoBERTa fixture's inputs (input_ids, attention_mask[, labels]) alone.
std::filesystem::path write_roberta_inputs(const std::filesystem::path& dir,
                                           bool with_labels = true) {
  auto ref = read_safetensors(test::fixtures() / "roberta_forward.safetensors").tensors;
  ParamSet inputs;
  for (const char* name : {"input_ids", "attention_mask"}) inputs.set(name, ref.at(name));
  if (with_labels) inputs.set("labels", ref.at("labels"));
  write_safetensors(dir / "inputs.safetensors", inputs);
  return dir / "inputs.safetensors";
}

double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
  EXPECT_EQ(a.sizes(), b.sizes());
  return (a - b).abs().max().item<double>();
}

TEST(ForwardCli, T5MatchesTransformers) {
  auto dir = test::temp_dir("forward");
  auto inputs = write_inputs(dir);
  auto result = test::run_mcplm("forward --model " + quoted(test::fixtures() / "t5-tiny") +
                                " --inputs " + quoted(inputs) + " --output " +
                                quoted(dir / "out.safetensors") + " --generate-max-length 8");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  auto out = read_safetensors(dir / "out.safetensors").tensors;
  auto ref = read_safetensors(test::fixtures() / "t5_forward.safetensors").tensors;
  EXPECT_LE(max_abs_diff(out.at("logits"), ref.at("logits")), 1e-4);
  EXPECT_LE(max_abs_diff(out.at("encoder_last_hidden_state"), ref.at("encoder_last_hidden_state")),
            1e-4);
  EXPECT_LE(max_abs_diff(out.at("token_loss"), ref.at("token_loss")), 1e-4);
  EXPECT_NEAR(out.at("loss").item<double>(), ref.at("loss").item<double>(),
              1e-5 * ref.at("loss").item<double>());
  EXPECT_TRUE(torch::equal(out.at("generated"), ref.at("generated")));
}

TEST(ForwardCli, T5WithAdaptersMatchesTheOriginal) {
  auto dir = test::temp_dir("forward-adapters");
  auto inputs = write_inputs(dir);
  auto result =
      test::run_mcplm("forward --model " + quoted(test::fixtures() / "t5-tiny") + " --adapters " +
                      quoted(test::fixtures() / "t5_adapter_weights.safetensors") + " --inputs " +
                      quoted(inputs) + " --output " + quoted(dir / "out.safetensors"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  auto out = read_safetensors(dir / "out.safetensors").tensors;
  auto ref = read_safetensors(test::fixtures() / "t5_adapter_forward.safetensors").tensors;
  EXPECT_LE(max_abs_diff(out.at("logits"), ref.at("logits")), 1e-4);
  EXPECT_NEAR(out.at("loss").item<double>(), ref.at("loss").item<double>(),
              1e-5 * ref.at("loss").item<double>());
  EXPECT_FALSE(out.contains("generated"));
}

// roberta-tiny with only `weights_file` next to its config.
std::filesystem::path roberta_dir(const std::string& weights_file) {
  auto dir = test::temp_dir("roberta-" + weights_file);
  for (const std::string& name : {std::string("config.json"), weights_file})
    std::filesystem::copy_file(test::fixtures() / "roberta-tiny" / name, dir / name);
  return dir;
}

TEST(ForwardCli, RobertaMatchesTransformersFromBothWeightFormats) {
  auto ref = read_safetensors(test::fixtures() / "roberta_forward.safetensors").tensors;
  for (const std::string weights : {"model.safetensors", "pytorch_model.bin"}) {
    SCOPED_TRACE(weights);
    auto dir = test::temp_dir("forward-roberta");
    auto result = test::run_mcplm("forward --model " + quoted(roberta_dir(weights)) + " --inputs " +
                                  quoted(write_roberta_inputs(dir)) + " --output " +
                                  quoted(dir / "out.safetensors"));
    ASSERT_EQ(result.exit_code, 0) << result.output;
    EXPECT_EQ(result.output, "");  // the checkpoint has its head: nothing to report
    auto out = read_safetensors(dir / "out.safetensors").tensors;
    EXPECT_LE(max_abs_diff(out.at("logits"), ref.at("logits")), 1e-4);
    EXPECT_LE(max_abs_diff(out.at("last_hidden_state"), ref.at("last_hidden_state")), 1e-4);
    const double loss = out.at("loss").item<double>(), ref_loss = ref.at("loss").item<double>();
    EXPECT_LE(std::abs(loss - ref_loss) / std::abs(ref_loss), 1e-5) << loss << " vs " << ref_loss;
  }
}

TEST(ForwardCli, RobertaWithATunedSetEqualsTheModelInMemory) {
  auto dir = test::temp_dir("forward-roberta-tuned");
  // Adapter tuning on a 2-label task from the 3-label fixture: new head and adapters.
  RobertaLoadOptions options;
  options.num_labels = 2;
  options.adapter_bottleneck = 4;
  options.replace_mismatched_head = true;
  options.head_seed = 3;
  options.adapter_seed = 4;
  LoadedRoberta loaded = load_roberta_classifier(test::fixtures() / "roberta-tiny", options);
  EXPECT_TRUE(loaded.report.fresh_head);
  EXPECT_TRUE(loaded.report.fresh_adapters);
  ParamSet tuned = module_params(*loaded.model).select(tuned_by(ModelFamily::Roberta, TuningMethod::Adapter));
  write_safetensors(dir / "tuned.safetensors", tuned);

  auto ref = read_safetensors(test::fixtures() / "roberta_forward.safetensors").tensors;
  torch::NoGradGuard no_grad;
  auto expected = loaded.model->forward(ref.at("input_ids"), ref.at("attention_mask"));
  auto result = test::run_mcplm("forward --model " + quoted(test::fixtures() / "roberta-tiny") +
                                " --adapters " + quoted(dir / "tuned.safetensors") + " --inputs " +
                                quoted(write_roberta_inputs(dir, /*with_labels=*/false)) +
                                " --output " + quoted(dir / "out.safetensors"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "");  // head and adapters come from the tuned set
  auto out = read_safetensors(dir / "out.safetensors").tensors;
  EXPECT_EQ(out.at("logits").sizes(), (std::vector<int64_t>{3, 2}));
  EXPECT_LE(max_abs_diff(out.at("logits"), expected.logits), 1e-6);
  EXPECT_LE(max_abs_diff(out.at("last_hidden_state"), expected.last_hidden_state), 1e-6);
}

TEST(ForwardCli, RobertaMaskedLmCheckpointReportsItsNewHead) {
  auto dir = test::temp_dir("forward-roberta-mlm");
  auto model = dir / "model";
  std::filesystem::create_directories(model);
  std::filesystem::copy_file(test::fixtures() / "roberta-tiny" / "config.json",
                             model / "config.json");
  ParamSet weights;
  for (const auto& [name, t] :
       read_safetensors(test::fixtures() / "roberta-tiny" / "model.safetensors").tensors)
    if (name.rfind("classifier.", 0) != 0) weights.set(name, t);
  weights.set("lm_head.bias", torch::zeros({3261}));
  write_safetensors(model / "model.safetensors", weights);
  ParamSet inputs;
  inputs.set("input_ids", torch::tensor({{0, 100, 200, 2}}, torch::kLong));
  write_safetensors(dir / "in.safetensors", inputs);
  auto result = test::run_mcplm("forward --model " + quoted(model) + " --inputs " +
                                quoted(dir / "in.safetensors") + " --output " +
                                quoted(dir / "out.safetensors"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("RobertaForMaskedLM checkpoint; initialised a new classification "
                               "head"),
            std::string::npos)
      << result.output;
  EXPECT_FALSE(read_safetensors(dir / "out.safetensors").tensors.contains("loss"));
}

TEST(ForwardCli, BadInputsAreOneLineErrors) {
  auto dir = test::temp_dir("forward-bad");
  ParamSet inputs;
  inputs.set("input_ids", torch::tensor({{5, 99999}}, torch::kLong));
  write_safetensors(dir / "in.safetensors", inputs);
  auto result = test::run_mcplm("forward --model " + quoted(test::fixtures() / "t5-tiny") +
                                " --inputs " + quoted(dir / "in.safetensors") + " --output " +
                                quoted(dir / "out.safetensors"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("input_ids holds values outside [0, 1104)"), std::string::npos)
      << result.output;

  result = test::run_mcplm("forward --model " + quoted(test::fixtures() / "roberta-tiny") +
                           " --inputs " + quoted(dir / "in.safetensors") + " --output " +
                           quoted(dir / "out.safetensors"));
  EXPECT_EQ(result.exit_code, 2) << result.output;

  result = test::run_mcplm("forward --model " + quoted(dir / "nowhere") + " --inputs " +
                           quoted(dir / "in.safetensors") + " --output " +
                           quoted(dir / "out.safetensors"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("config.json"), std::string::npos) << result.output;
}

TEST(BenchCli, ModelTinyPrintsTheTable) {
  auto result = test::run_mcplm("--threads 1 bench model --config tiny --iterations 1 --warmup 0");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("matmul probe"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("train step (bsz 32, 64 -> 4 tokens"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("eval batch (loss + greedy 4 tokens)"), std::string::npos)
      << result.output;
  EXPECT_EQ(test::run_mcplm("bench model --config huge").exit_code, 2);
}

TEST(BenchCli, ModelRobertaTinyRuns) {
  auto result =
      test::run_mcplm("--threads 1 bench model --config roberta-tiny --iterations 1 --warmup 0");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("config roberta-tiny: hidden 64, 2 layers"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("train step (bsz 32, length 128, fwd+bwd)"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("eval batch"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace mcplm
