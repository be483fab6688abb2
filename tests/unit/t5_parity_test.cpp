// T5 against transformers 4.19 outputs (tests/fixtures/t5_forward.safetensors,
// t5_adapter_forward.safetensors), from both weight files of t5-tiny, on
// test::device().
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/model/greedy.h"
#include "mcplm/io/load_params.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/t5_load.h"
#include "test_util.h"

namespace mcplm {
namespace {

std::filesystem::path tiny_dir() { return test::fixtures() / "t5-tiny"; }

std::shared_ptr<T5ForConditionalGeneration> tiny_from(const std::string& weights_file,
                                                      const AdapterConfig& adapters = {}) {
  auto model = std::make_shared<T5ForConditionalGeneration>(
      load_t5_config(tiny_dir() / "config.json"), adapters);
  load_t5_weights(*model, load_params(tiny_dir() / weights_file).params, weights_file);
  model->eval();
  model->to(test::device());
  return model;
}

// The reference tensors, on test::device().
ParamSet on_device(const ParamSet& tensors) { return tensors.to(test::device()); }

// `a` (on any device) against `b` (on the CPU).
double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
  EXPECT_EQ(a.sizes(), b.sizes());
  return (a.to(torch::kCPU) - b).abs().max().item<double>();
}

double relative_diff(const torch::Tensor& a, const torch::Tensor& b) {
  return std::abs(a.item<double>() - b.item<double>()) / std::abs(b.item<double>());
}

class T5Parity : public ::testing::TestWithParam<std::string> {};

TEST_P(T5Parity, MatchesTransformersForward) {
  auto model = tiny_from(GetParam());
  auto ref = read_safetensors(test::fixtures() / "t5_forward.safetensors").tensors;
  auto in = on_device(ref);
  torch::NoGradGuard no_grad;
  auto states = model->encode(in.at("input_ids"), in.at("attention_mask"));
  auto out = model->decode_labels(states, in.at("attention_mask"), in.at("labels"),
                                  in.at("decoder_attention_mask"));
  EXPECT_LE(max_abs_diff(states, ref.at("encoder_last_hidden_state")), 1e-4);
  EXPECT_LE(max_abs_diff(out.logits, ref.at("logits")), 1e-4);
  EXPECT_LE(max_abs_diff(out.token_loss, ref.at("token_loss")), 1e-4);
  EXPECT_LE(relative_diff(out.loss, ref.at("loss")), 1e-5);

  auto generated = greedy_decode(*model, states, in.at("attention_mask"), 8).to(torch::kCPU);
  ASSERT_EQ(generated.sizes(), ref.at("generated").sizes());
  EXPECT_TRUE(torch::equal(generated, ref.at("generated")));
}

TEST_P(T5Parity, MatchesOriginalAdapterForward) {
  LoadedParams adapters = load_params(test::fixtures() / "t5_adapter_weights.safetensors");
  auto model = tiny_from(GetParam(), infer_t5_adapter_config(adapters, "adapters"));
  assign_params(*model, adapters.params, "adapters");
  auto inputs = on_device(read_safetensors(test::fixtures() / "t5_forward.safetensors").tensors);
  auto ref = read_safetensors(test::fixtures() / "t5_adapter_forward.safetensors").tensors;
  torch::NoGradGuard no_grad;
  auto states = model->encode(inputs.at("input_ids"), inputs.at("attention_mask"));
  auto out = model->decode_labels(states, inputs.at("attention_mask"), inputs.at("labels"),
                                  inputs.at("decoder_attention_mask"));
  EXPECT_LE(max_abs_diff(out.logits, ref.at("logits")), 1e-4);
  EXPECT_LE(relative_diff(out.loss, ref.at("loss")), 1e-5);
  // The adapters change the output: the test would notice them being skipped.
  auto plain = read_safetensors(test::fixtures() / "t5_forward.safetensors").tensors;
  EXPECT_GT(max_abs_diff(out.logits, plain.at("logits")), 1e-3);
}

INSTANTIATE_TEST_SUITE_P(WeightFiles, T5Parity,
                         ::testing::Values("model.safetensors", "pytorch_model.bin"),
                         [](const auto& info) {
                           return info.param == "model.safetensors" ? std::string("safetensors")
                                                                    : std::string("bin");
                         });

}  // namespace
}  // namespace mcplm
