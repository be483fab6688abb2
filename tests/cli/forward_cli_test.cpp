// `mcplm forward` end to end against the transformers fixtures, and `mcplm bench model`.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/io/safetensors.h"
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

}  // namespace
}  // namespace mcplm
