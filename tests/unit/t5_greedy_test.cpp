// Greedy decoding with the key/value cache against decoding without it, and
// stopping at EOS as transformers' generate does.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/model/greedy.h"
#include "mcplm/bench/original_style.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/t5_load.h"
#include "test_util.h"

namespace mcplm {
namespace {

std::shared_ptr<T5ForConditionalGeneration> tiny(int64_t eos_token_id = 1) {
  auto dir = test::fixtures() / "t5-tiny";
  T5Config config = load_t5_config(dir / "config.json");
  config.eos_token_id = eos_token_id;
  auto model = std::make_shared<T5ForConditionalGeneration>(config);
  load_t5_weights(*model, load_hf_weights(dir), dir.string());
  model->eval();
  return model;
}

ParamSet fixture() { return read_safetensors(test::fixtures() / "t5_forward.safetensors").tensors; }

// The reference the cache is checked against: the decoder over the whole
// prefix and lm_head at every step. encoder_states [B, S, d_model] -> [B, L]
torch::Tensor greedy_decode_uncached(T5ForConditionalGeneration& model,
                                     const torch::Tensor& encoder_states,
                                     const torch::Tensor& attention_mask, int64_t max_length) {
  return greedy_search(model.config(), encoder_states.size(0), encoder_states.device(), max_length,
                       [&](const std::vector<torch::Tensor>& columns) {
                         auto prefix = torch::stack(columns, 1);  // [B, t]
                         auto states = model.decoder->decode(prefix, {}, encoder_states,
                                                             attention_mask);  // [B, t, d_model]
                         return model.lm_logits(states).select(1, -1);         // [B, V]
                       });
}

TEST(T5Greedy, CacheGivesTheSameTokensAsFullRecomputation) {
  auto model = tiny();
  auto ref = fixture();
  torch::NoGradGuard no_grad;
  auto states = model->encode(ref.at("input_ids"), ref.at("attention_mask"));
  auto cached = greedy_decode(*model, states, ref.at("attention_mask"), 12);
  auto full = greedy_decode_uncached(*model, states, ref.at("attention_mask"), 12);
  EXPECT_TRUE(torch::equal(cached, full)) << cached << full;
}

TEST(T5Greedy, OriginalStyleEvaluationMatchesOursOnPaddedInputs) {
  auto model = tiny();
  auto ref = fixture();
  torch::NoGradGuard no_grad;
  const auto& ids = ref.at("input_ids");
  const auto& mask = ref.at("attention_mask");
  auto labels = ref.at("labels");
  const auto& decoder_mask = ref.at("decoder_attention_mask");
  auto states = model->encode(ids, mask);
  const double loss = model->decode_labels(states, mask, labels, decoder_mask).loss.item<double>();
  auto ours = greedy_decode(*model, states, mask, 8);
  OriginalStyleOutput original =
      evaluate_original_style(*model, ids, mask, labels, decoder_mask, 64, 8);
  EXPECT_NEAR(original.loss, loss, 1e-4 * std::abs(loss));
  EXPECT_TRUE(torch::equal(original.generated, ours)) << original.generated << ours;
}

TEST(T5Greedy, RowsStopAtEosAndPadAfterwards) {
  auto ref = fixture();
  // Row 0 greedily emits 0 85 993 129 …; with 129 as EOS it must stop there.
  auto model = tiny(/*eos_token_id=*/129);
  torch::NoGradGuard no_grad;
  auto states = model->encode(ref.at("input_ids"), ref.at("attention_mask"));
  auto generated = greedy_decode(*model, states, ref.at("attention_mask"), 8);
  auto expected = ref.at("generated").clone();
  expected[0].narrow(0, 4, 4).fill_(0);
  EXPECT_TRUE(torch::equal(generated, expected)) << generated;

  // When every row has finished, decoding ends early.
  auto first =
      greedy_decode(*model, states.narrow(0, 0, 1), ref.at("attention_mask").narrow(0, 0, 1), 8);
  EXPECT_TRUE(torch::equal(first, torch::tensor({{0, 85, 993, 129}}, torch::kLong))) << first;
}

TEST(T5Greedy, MaxLengthCountsTheStartToken) {
  auto model = tiny();
  auto ref = fixture();
  torch::NoGradGuard no_grad;
  auto states = model->encode(ref.at("input_ids"), ref.at("attention_mask"));
  auto mask = ref.at("attention_mask");
  EXPECT_EQ(greedy_decode(*model, states, mask, 1).sizes(), (std::vector<int64_t>{3, 1}));
  auto three = greedy_decode(*model, states, mask, 3);
  EXPECT_TRUE(torch::equal(three, ref.at("generated").narrow(1, 0, 3)));
}

}  // namespace
}  // namespace mcplm
