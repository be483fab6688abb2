#include "mcplm/config/t5_config.h"

#include "mcplm/core/error.h"
#include "mcplm/io/json_file.h"

namespace mcplm {

namespace {

using json = nlohmann::json;

// Reads `key` into `out` when present; InputError on a value of the wrong type.
template <typename T>
bool read_key(const json& object, const char* key, T& out, const std::string& source) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return false;
  bool ok = false;
  if constexpr (std::is_same_v<T, bool>) {
    ok = it->is_boolean();
  } else if constexpr (std::is_integral_v<T>) {
    ok = it->is_number_integer();
  } else if constexpr (std::is_floating_point_v<T>) {
    ok = it->is_number();
  } else {
    ok = it->is_string();
  }
  if (!ok) throw InputError(source, 0, std::string("config key '") + key + "' has the wrong type");
  out = it->get<T>();
  return true;
}

template <typename T>
void require_key(const json& object, const char* key, T& out, const std::string& source) {
  if (!read_key(object, key, out, source))
    throw InputError(source, 0, std::string("config key '") + key + "' is missing");
}

void require_positive(int64_t value, const char* key, const std::string& source) {
  if (value <= 0)
    throw InputError(source, 0, std::string("config key '") + key + "' must be positive");
}

}  // namespace

void set_feed_forward_proj(T5Config& config, const std::string& value, const std::string& source) {
  const bool gated = value.rfind("gated-", 0) == 0;
  std::string name = gated ? value.substr(6) : value;
  if (value == "gated-gelu") name = "gelu_new";  // transformers' backwards compatibility
  auto activation = parse_activation(name);
  if (!activation)
    throw InputError(source, 0,
                     "feed_forward_proj '" + value +
                         "' is not supported: expected ACT or gated-ACT with ACT one of relu, "
                         "gelu, gelu_new, silu, swish, tanh, sigmoid");
  config.feed_forward_proj = value;
  config.gated_ffn = gated;
  config.ffn_activation = *activation;
}

T5Config parse_t5_config(const json& object, const std::string& source) {
  if (!object.is_object()) throw InputError(source, 0, "config is not a JSON object");
  T5Config config;
  require_key(object, "vocab_size", config.vocab_size, source);
  require_key(object, "d_model", config.d_model, source);
  require_key(object, "d_kv", config.d_kv, source);
  require_key(object, "d_ff", config.d_ff, source);
  require_key(object, "num_layers", config.num_layers, source);
  require_key(object, "num_heads", config.num_heads, source);
  config.num_decoder_layers = config.num_layers;
  read_key(object, "num_decoder_layers", config.num_decoder_layers, source);
  read_key(object, "relative_attention_num_buckets", config.relative_attention_num_buckets, source);
  read_key(object, "relative_attention_max_distance", config.relative_attention_max_distance,
           source);
  read_key(object, "dropout_rate", config.dropout_rate, source);
  read_key(object, "layer_norm_epsilon", config.layer_norm_epsilon, source);
  std::string proj = "relu";
  read_key(object, "feed_forward_proj", proj, source);
  set_feed_forward_proj(config, proj, source);
  read_key(object, "tie_word_embeddings", config.tie_word_embeddings, source);
  read_key(object, "pad_token_id", config.pad_token_id, source);
  read_key(object, "eos_token_id", config.eos_token_id, source);
  config.decoder_start_token_id = config.pad_token_id;
  read_key(object, "decoder_start_token_id", config.decoder_start_token_id, source);

  require_positive(config.vocab_size, "vocab_size", source);
  require_positive(config.d_model, "d_model", source);
  require_positive(config.d_kv, "d_kv", source);
  require_positive(config.d_ff, "d_ff", source);
  require_positive(config.num_layers, "num_layers", source);
  require_positive(config.num_decoder_layers, "num_decoder_layers", source);
  require_positive(config.num_heads, "num_heads", source);
  require_positive(config.relative_attention_num_buckets, "relative_attention_num_buckets", source);
  require_positive(config.relative_attention_max_distance, "relative_attention_max_distance",
                   source);
  for (const auto& [key, id] : {std::pair{"pad_token_id", config.pad_token_id},
                                std::pair{"eos_token_id", config.eos_token_id},
                                std::pair{"decoder_start_token_id", config.decoder_start_token_id}})
    if (id < 0 || id >= config.vocab_size)
      throw InputError(source, 0,
                       std::string("config key '") + key + "' (" + std::to_string(id) +
                           ") must be an id in [0, vocab_size " +
                           std::to_string(config.vocab_size) + ")");
  if (config.dropout_rate < 0 || config.dropout_rate >= 1)
    throw InputError(source, 0, "config key 'dropout_rate' must be in [0, 1)");
  return config;
}

T5Config load_t5_config(const std::filesystem::path& config_json) {
  return parse_t5_config(read_json_file(config_json), config_json.string());
}

nlohmann::json t5_config_to_json(const T5Config& config) {
  return {
      {"architectures", {"T5ForConditionalGeneration"}},
      {"model_type", "t5"},
      {"is_encoder_decoder", true},
      {"vocab_size", config.vocab_size},
      {"d_model", config.d_model},
      {"d_kv", config.d_kv},
      {"d_ff", config.d_ff},
      {"num_layers", config.num_layers},
      {"num_decoder_layers", config.num_decoder_layers},
      {"num_heads", config.num_heads},
      {"relative_attention_num_buckets", config.relative_attention_num_buckets},
      {"relative_attention_max_distance", config.relative_attention_max_distance},
      {"dropout_rate", config.dropout_rate},
      {"layer_norm_epsilon", config.layer_norm_epsilon},
      {"feed_forward_proj", config.feed_forward_proj},
      {"tie_word_embeddings", config.tie_word_embeddings},
      {"decoder_start_token_id", config.decoder_start_token_id},
      {"pad_token_id", config.pad_token_id},
      {"eos_token_id", config.eos_token_id},
  };
}

}  // namespace mcplm
