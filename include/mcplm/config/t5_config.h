// T5 hyper-parameters as transformers' T5Config holds them in config.json.
#pragma once
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "mcplm/config/activation.h"

namespace mcplm {

struct T5Config {
  int64_t vocab_size = 32128;
  int64_t d_model = 512;
  int64_t d_kv = 64;
  int64_t d_ff = 2048;
  int64_t num_layers = 6;
  int64_t num_decoder_layers = 6;
  int64_t num_heads = 8;
  int64_t relative_attention_num_buckets = 32;
  int64_t relative_attention_max_distance = 128;
  double dropout_rate = 0.1;
  double layer_norm_epsilon = 1e-6;
  // As written in config.json; `gated_ffn` and `ffn_activation` are parsed from it
  // as transformers does: "[gated-]ACT", with "gated-gelu" meaning gelu_new.
  std::string feed_forward_proj = "relu";
  bool gated_ffn = false;
  Activation ffn_activation = Activation::Relu;
  // Tied: lm_head is `shared` and the decoder output is scaled by d_model^-0.5.
  bool tie_word_embeddings = true;
  int64_t decoder_start_token_id = 0;
  int64_t pad_token_id = 0;
  int64_t eos_token_id = 1;

  int64_t inner_dim() const { return num_heads * d_kv; }
};

// Sets feed_forward_proj and the two fields parsed from it; InputError (naming
// `source`) for a form transformers rejects.
void set_feed_forward_proj(T5Config& config, const std::string& value,
                           const std::string& source = "");

// From config.json's object. vocab_size, d_model, d_kv, d_ff, num_layers and
// num_heads are required; the rest default as in transformers
// (num_decoder_layers = num_layers, decoder_start_token_id = pad_token_id).
// Unknown keys are ignored. Errors name `source`.
T5Config parse_t5_config(const nlohmann::json& json, const std::string& source);
T5Config load_t5_config(const std::filesystem::path& config_json);

// A config.json that transformers loads as this T5Config.
nlohmann::json t5_config_to_json(const T5Config& config);

}  // namespace mcplm
