// T5 structure: config parsing, v1.0 (relu, tied, scaled output), names as in
// transformers, the loading rules, in-place assignment, train/eval modes.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>

#include "mcplm/core/error.h"
#include "mcplm/io/load_params.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/method.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/t5_load.h"
#include "test_util.h"

namespace mcplm {
namespace {

using nlohmann::json;

json v10_json() {
  // A t5-small-style (v1.0) config.json: no feed_forward_proj, no tie_word_embeddings.
  return {{"model_type", "t5"}, {"vocab_size", 50},
          {"d_model", 16},      {"d_kv", 4},
          {"d_ff", 24},         {"num_layers", 2},
          {"num_heads", 4},     {"dropout_rate", 0.1},
          {"n_positions", 512}, {"decoder_start_token_id", 0}};
}

// The names transformers gives a T5ForConditionalGeneration's named_parameters().
std::vector<std::string> transformers_names(const T5Config& c) {
  std::vector<std::string> names{"shared.weight"};
  auto ffn = [&](const std::string& prefix) {
    if (c.gated_ffn) {
      names.push_back(prefix + "DenseReluDense.wi_0.weight");
      names.push_back(prefix + "DenseReluDense.wi_1.weight");
    } else {
      names.push_back(prefix + "DenseReluDense.wi.weight");
    }
    names.push_back(prefix + "DenseReluDense.wo.weight");
    names.push_back(prefix + "layer_norm.weight");
  };
  auto attention = [&](const std::string& prefix, const std::string& kind, bool bias) {
    for (const char* p : {"q", "k", "v", "o"}) names.push_back(prefix + kind + "." + p + ".weight");
    if (bias) names.push_back(prefix + kind + ".relative_attention_bias.weight");
    names.push_back(prefix + "layer_norm.weight");
  };
  for (const std::string stack : {"encoder", "decoder"}) {
    int64_t layers = stack == "encoder" ? c.num_layers : c.num_decoder_layers;
    for (int64_t i = 0; i < layers; ++i) {
      std::string block = stack + ".block." + std::to_string(i) + ".layer.";
      attention(block + "0.", "SelfAttention", i == 0);
      if (stack == "decoder") attention(block + "1.", "EncDecAttention", false);
      ffn(block + (stack == "decoder" ? "2." : "1."));
    }
    names.push_back(stack + ".final_layer_norm.weight");
  }
  if (!c.tie_word_embeddings) names.push_back("lm_head.weight");
  return names;
}

struct Batch {
  torch::Tensor input_ids, mask, labels;
};

Batch small_batch(int64_t vocab) {
  torch::manual_seed(3);
  Batch b{torch::randint(2, vocab, {2, 7}, torch::kLong), torch::ones({2, 7}, torch::kLong),
          torch::randint(2, vocab, {2, 3}, torch::kLong)};
  b.mask[1].narrow(0, 5, 2).zero_();
  b.labels[1][2] = -100;
  return b;
}

TEST(T5Config, ParsesAsTransformersDoes) {
  T5Config c = parse_t5_config(v10_json(), "config.json");
  EXPECT_EQ(c.feed_forward_proj, "relu");
  EXPECT_FALSE(c.gated_ffn);
  EXPECT_EQ(c.ffn_activation, Activation::Relu);
  EXPECT_TRUE(c.tie_word_embeddings);
  EXPECT_EQ(c.num_decoder_layers, 2);
  EXPECT_EQ(c.relative_attention_max_distance, 128);
  EXPECT_EQ(c.relative_attention_num_buckets, 32);
  EXPECT_EQ(c.eos_token_id, 1);

  set_feed_forward_proj(c, "gated-gelu");
  EXPECT_TRUE(c.gated_ffn);
  EXPECT_EQ(c.ffn_activation, Activation::GeluNew);  // tanh approximation
  set_feed_forward_proj(c, "gated-silu");
  EXPECT_EQ(c.ffn_activation, Activation::Silu);
  set_feed_forward_proj(c, "gelu");
  EXPECT_FALSE(c.gated_ffn);
  EXPECT_EQ(c.ffn_activation, Activation::Gelu);
  EXPECT_THROW(set_feed_forward_proj(c, "gated-bogus"), InputError);
  EXPECT_THROW(set_feed_forward_proj(c, "double-gated-relu"), InputError);
}

TEST(T5Config, MissingOrMistypedKeysAreErrors) {
  json missing = v10_json();
  missing.erase("d_kv");
  try {
    parse_t5_config(missing, "dir/config.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("dir/config.json: config key 'd_kv' is missing"),
              std::string::npos);
  }
  json mistyped = v10_json();
  mistyped["num_heads"] = "four";
  EXPECT_THROW(parse_t5_config(mistyped, "c"), InputError);
  EXPECT_THROW(parse_t5_config(json::array(), "c"), InputError);
}

TEST(T5V10, SavedAndReloadedKeepsNamesAndTiedScaledOutput) {
  T5Config config = parse_t5_config(v10_json(), "v1.0");
  T5ForConditionalGeneration model(config);
  model.init_weights(7);
  EXPECT_EQ(module_params(model).names(), transformers_names(config));
  EXPECT_EQ(model.lm_head, nullptr);

  auto dir = test::temp_dir("t5-v10");
  save_t5(model, dir);
  auto reloaded = load_t5(dir);
  EXPECT_EQ(reloaded->config().feed_forward_proj, "relu");
  EXPECT_TRUE(reloaded->config().tie_word_embeddings);
  EXPECT_EQ(module_params(*reloaded).names(), transformers_names(config));
  for (const auto& [name, tensor] : module_params(model))
    EXPECT_TRUE(torch::equal(tensor, module_params(*reloaded).at(name))) << name;

  reloaded->eval();
  torch::NoGradGuard no_grad;
  Batch b = small_batch(config.vocab_size);
  auto states = reloaded->encode(b.input_ids, b.mask);
  auto out = reloaded->decode_labels(states, b.mask, b.labels, {});
  // Tied: logits = (decoder output · d_model^-0.5) · sharedᵀ.
  auto decoder_ids = torch::cat({torch::zeros({2, 1}, torch::kLong), b.labels.narrow(1, 0, 2)}, 1);
  auto hidden = reloaded->decoder->decode(decoder_ids, {}, states, b.mask);
  auto expected = torch::matmul(hidden / 4.0, reloaded->shared->weight.t());  // 16^-0.5 = 1/4
  EXPECT_LE((out.logits - expected).abs().max().item<double>(), 1e-5);
  EXPECT_GT(
      (out.logits - torch::matmul(hidden, reloaded->shared->weight.t())).abs().max().item<double>(),
      1e-3);
  // The FFN is relu(wi·x), no gate.
  auto ffn = reloaded->encoder->blocks[0]->feed_forward->DenseReluDense;
  ASSERT_NE(ffn->wi, nullptr);
  auto x = torch::randn({1, 1, 16});
  EXPECT_TRUE(torch::allclose(
      ffn->forward(x),
      torch::matmul(torch::relu(torch::matmul(x, ffn->wi->weight.t())), ffn->wo->weight.t())));
}

TEST(T5Load, AcceptsTheCopiesTransformersWritesAndRejectsStrangers) {
  T5Config config = parse_t5_config(v10_json(), "v1.0");
  T5ForConditionalGeneration source(config);
  source.init_weights(1);
  ParamSet weights = module_params(source);
  // What save_pretrained's pytorch_model.bin holds for a tied model.
  weights.set("encoder.embed_tokens.weight", weights.at("shared.weight"));
  weights.set("decoder.embed_tokens.weight", weights.at("shared.weight"));
  weights.set("lm_head.weight", weights.at("shared.weight"));
  weights.set("decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight",
              torch::zeros({32, 4}));
  T5ForConditionalGeneration target(config);
  load_t5_weights(target, weights, "w");
  EXPECT_TRUE(torch::equal(target.shared->weight, source.shared->weight));

  ParamSet missing = weights;
  missing.erase("encoder.block.1.layer.0.SelfAttention.k.weight");
  ParamSet unexpected = weights;
  unexpected.set("encoder.block.9.layer.0.SelfAttention.k.weight", torch::zeros({16, 16}));
  ParamSet wrong_shape = weights;
  wrong_shape.set("encoder.final_layer_norm.weight", torch::ones({17}));
  for (const auto& [bad, needle] :
       {std::pair{missing, "missing: encoder.block.1.layer.0.SelfAttention.k.weight"},
        std::pair{unexpected, "unexpected: encoder.block.9.layer.0.SelfAttention.k.weight"},
        std::pair{wrong_shape, "encoder.final_layer_norm.weight has shape [17] in w but [16]"}}) {
    try {
      load_t5_weights(target, bad, "w");
      ADD_FAILURE() << "expected an error mentioning " << needle;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  }
  // An untied model needs its lm_head.
  T5Config untied = config;
  untied.tie_word_embeddings = false;
  T5ForConditionalGeneration untied_model(untied);
  EXPECT_THROW(load_t5_weights(untied_model, module_params(source), "w"), InputError);
}

TEST(T5Load, MissingDirectoryOrWeightsAreInputErrors) {
  auto dir = test::temp_dir("empty");
  EXPECT_THROW(load_t5(dir), InputError);
  std::ofstream(dir / "config.json") << v10_json().dump();
  EXPECT_THROW(load_t5(dir), InputError);
}

TEST(T5Model, AssignCopiesInPlace) {
  T5ForConditionalGeneration model(parse_t5_config(v10_json(), "v1.0"));
  auto q = model.encoder->blocks[0]->self_attention->SelfAttention->q->weight;
  const void* storage = q.data_ptr();
  ParamSet values;
  values.set("encoder.block.0.layer.0.SelfAttention.q.weight", torch::full({16, 16}, 2.5));
  assign_params(model, values, "values");
  EXPECT_EQ(q.data_ptr(), storage);
  EXPECT_EQ(q[3][4].item<float>(), 2.5f);
  values.set("nope.weight", torch::ones({1}));
  EXPECT_THROW(assign_params(model, values, "values"), InputError);
}

TEST(T5Model, DropoutOnlyInTrainingMode) {
  T5Config config = parse_t5_config(v10_json(), "v1.0");
  T5ForConditionalGeneration model(config);
  model.init_weights(2);
  Batch b = small_batch(config.vocab_size);
  auto loss = [&] {
    auto states = model.encode(b.input_ids, b.mask);
    return model.decode_labels(states, b.mask, b.labels, {}).loss.item<double>();
  };
  model.eval();
  EXPECT_EQ(loss(), loss());
  model.train();
  EXPECT_NE(loss(), loss());
}

TEST(T5Model, TokenLossIsZeroOnIgnoredLabelsAndLossIsTheirMean) {
  T5Config config = parse_t5_config(v10_json(), "v1.0");
  T5ForConditionalGeneration model(config);
  model.init_weights(4);
  model.eval();
  Batch b = small_batch(config.vocab_size);
  auto out = model.decode_labels(model.encode(b.input_ids, b.mask), b.mask, b.labels, {});
  EXPECT_EQ(out.token_loss[1][2].item<float>(), 0.0f);
  EXPECT_NEAR(out.loss.item<double>(), out.token_loss.sum().item<double>() / 5, 1e-6);
  out.loss.backward();
  EXPECT_TRUE(model.shared->weight.grad().defined());
}

TEST(T5Attention, RelativePositionBucketsAsTransformers) {
  // Values of transformers' _relative_position_bucket (32 buckets, max distance 128).
  auto positions = torch::tensor({0, -1, 1, -8, -20, 20, -200, 5}, torch::kLong);
  auto both = relative_position_bucket(positions, /*bidirectional=*/true, 32, 128);
  EXPECT_TRUE(torch::equal(both, torch::tensor({0, 1, 17, 8, 10, 26, 15, 21}, torch::kLong)))
      << both;
  auto causal = relative_position_bucket(positions, /*bidirectional=*/false, 32, 128);
  EXPECT_TRUE(torch::equal(causal, torch::tensor({0, 1, 0, 8, 17, 0, 31, 0}, torch::kLong)))
      << causal;
}

TEST(T5Attention, EncoderBiasIsBidirectionalAndDecoderBiasCausal) {
  T5ForConditionalGeneration model(parse_t5_config(v10_json(), "v1.0"));
  model.init_weights(5);
  torch::NoGradGuard no_grad;
  auto encoder = model.encoder->blocks[0]->self_attention->SelfAttention;
  auto decoder = model.decoder->blocks[0]->self_attention->SelfAttention;
  auto encoder_table = encoder->relative_attention_bias->weight;  // [32, H]
  auto decoder_table = decoder->relative_attention_bias->weight;
  auto encoder_bias = encoder->position_bias(40, 40);  // [1, H, 40, 40]
  auto decoder_bias = decoder->position_bias(40, 40);
  // Key 39 before the query: bucket 12 both ways, 22 causally; 39 after: 28 / 0.
  EXPECT_TRUE(torch::equal(encoder_bias[0].select(1, 39).select(1, 0), encoder_table[12]));
  EXPECT_TRUE(torch::equal(encoder_bias[0].select(1, 0).select(1, 39), encoder_table[28]));
  EXPECT_TRUE(torch::equal(decoder_bias[0].select(1, 39).select(1, 0), decoder_table[22]));
  EXPECT_TRUE(torch::equal(decoder_bias[0].select(1, 0).select(1, 39), decoder_table[0]));
}

TEST(TuningMethod, SelectsAllOrAdapters) {
  auto adapter = tuned_by(ModelFamily::T5, TuningMethod::Adapter);
  auto all = tuned_by(ModelFamily::T5, TuningMethod::Model);
  EXPECT_TRUE(adapter("encoder.block.0.layer.0.adapter.adapter_A"));
  EXPECT_FALSE(adapter("encoder.block.0.layer.0.SelfAttention.q.weight"));
  EXPECT_TRUE(all("encoder.block.0.layer.0.SelfAttention.q.weight"));
  EXPECT_THROW(parse_tuning_method("prefix"), InputError);
  EXPECT_EQ(parse_tuning_method("lora"), TuningMethod::Lora);
  EXPECT_EQ(tuning_method_name(TuningMethod::Lora), "lora");
  auto lora = tuned_by(ModelFamily::T5, TuningMethod::Lora);
  EXPECT_TRUE(lora("encoder.block.0.layer.0.SelfAttention.q.lora_A"));
  EXPECT_TRUE(lora("decoder.block.1.layer.1.EncDecAttention.v.lora_B"));
  EXPECT_FALSE(lora("encoder.block.0.layer.0.SelfAttention.q.weight"));
}

}  // namespace
}  // namespace mcplm
