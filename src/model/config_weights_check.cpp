#include "mcplm/model/config_weights_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

// The first of `names` in `weights`, or "" when none is.
std::string first_present(const ParamSet& weights, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (weights.contains(name)) return name;
  return "";
}

// `keys` describe `expected`, the shape the config gives tensor `name`.
void check_shape(const ParamSet& weights, const std::string& name,
                 const std::vector<int64_t>& expected, const std::string& keys,
                 const std::string& config_file) {
  if (name.empty()) return;
  const auto actual = weights.at(name).sizes().vec();
  if (actual != expected)
    throw InputError(config_file, 0,
                     fmt::format("{} give {} the shape [{}], the weights hold [{}]", keys, name,
                                 fmt::join(expected, ", "), fmt::join(actual, ", ")));
}

// 1 + the largest N of names "<prefix>.N.…"; 0 when there are none.
int64_t count_blocks(const ParamSet& weights, const std::string& prefix) {
  int64_t count = 0;
  for (const auto& name : weights.names()) {
    if (name.rfind(prefix + ".", 0) != 0) continue;
    const std::size_t start = prefix.size() + 1;
    const std::size_t end = name.find('.', start);
    try {
      count = std::max<int64_t>(count, std::stoll(name.substr(start, end - start)) + 1);
    } catch (const std::exception&) {
    }
  }
  return count;
}

void check_blocks(const ParamSet& weights, const std::string& prefix, int64_t expected,
                  const char* key, const std::string& config_file) {
  const int64_t found = count_blocks(weights, prefix);
  if (found != 0 && found != expected)
    throw InputError(
        config_file, 0,
        fmt::format("{} is {}, the weights hold {} {} block(s)", key, expected, found, prefix));
}

}  // namespace

void check_t5_config_against_weights(const T5Config& c, const ParamSet& w,
                                     const std::string& config_file) {
  check_shape(w, first_present(w, {"shared.weight", "encoder.embed_tokens.weight"}),
              {c.vocab_size, c.d_model}, "vocab_size and d_model", config_file);
  check_shape(w, first_present(w, {"encoder.block.0.layer.0.SelfAttention.q.weight"}),
              {c.inner_dim(), c.d_model}, "num_heads × d_kv and d_model", config_file);
  check_shape(w,
              first_present(w, {"encoder.block.0.layer.0.SelfAttention.relative_attention_bias."
                                "weight"}),
              {c.relative_attention_num_buckets, c.num_heads},
              "relative_attention_num_buckets and num_heads", config_file);
  check_shape(w,
              first_present(w, {"encoder.block.0.layer.1.DenseReluDense.wi.weight",
                                "encoder.block.0.layer.1.DenseReluDense.wi_0.weight"}),
              {c.d_ff, c.d_model}, "d_ff and d_model", config_file);
  check_blocks(w, "encoder.block", c.num_layers, "num_layers", config_file);
  check_blocks(w, "decoder.block", c.num_decoder_layers, "num_decoder_layers", config_file);
}

void check_roberta_config_against_weights(const RobertaConfig& c, const ParamSet& w,
                                          const std::string& config_file) {
  // A RobertaModel checkpoint names its tensors without the `roberta.` prefix.
  const bool bare = w.contains("embeddings.word_embeddings.weight");
  const std::string p = bare ? "" : "roberta.";
  auto named = [&](const std::string& name) { return w.contains(p + name) ? p + name : ""; };
  check_shape(w, named("embeddings.word_embeddings.weight"), {c.vocab_size, c.hidden_size},
              "vocab_size and hidden_size", config_file);
  check_shape(w, named("embeddings.position_embeddings.weight"),
              {c.max_position_embeddings, c.hidden_size}, "max_position_embeddings and hidden_size",
              config_file);
  check_shape(w, named("encoder.layer.0.intermediate.dense.weight"),
              {c.intermediate_size, c.hidden_size}, "intermediate_size and hidden_size",
              config_file);
  check_blocks(w, p + "encoder.layer", c.num_hidden_layers, "num_hidden_layers", config_file);
}

}  // namespace mcplm
