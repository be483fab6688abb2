// RoBERTa hyper-parameters, read from a Hugging Face `config.json` with
// transformers' key names. Defaults are transformers' RobertaConfig defaults
// (4.19), which differ from roberta-base's published config in
// max_position_embeddings, type_vocab_size and layer_norm_eps.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace mcplm {

struct RobertaConfig {
  int64_t vocab_size = 50265;
  int64_t hidden_size = 768;
  int64_t num_hidden_layers = 12;
  int64_t num_attention_heads = 12;
  int64_t intermediate_size = 3072;
  std::string hidden_act = "gelu";  // "gelu" (exact, erf) or "gelu_new" (tanh)
  int64_t max_position_embeddings = 512;
  int64_t type_vocab_size = 2;
  double layer_norm_eps = 1e-12;
  int64_t pad_token_id = 1;
  double hidden_dropout_prob = 0.1;
  double attention_probs_dropout_prob = 0.1;
  std::optional<double> classifier_dropout;  // null: hidden_dropout_prob
  double initializer_range = 0.02;
  int64_t num_labels = 2;
  std::map<int64_t, std::string> id2label = {{0, "LABEL_0"}, {1, "LABEL_1"}};
  // "regression", "single_label_classification" or
  // "multi_label_classification"; empty: regression when num_labels == 1,
  // else single-label classification (as transformers decides for int labels).
  std::string problem_type;

  double head_dropout() const { return classifier_dropout.value_or(hidden_dropout_prob); }
  bool is_regression() const {
    return problem_type == "regression" || (problem_type.empty() && num_labels == 1);
  }
  // Sets num_labels and resets id2label to LABEL_i.
  void set_num_labels(int64_t n);
};

// Reads `path` (a config.json). Missing keys take transformers' defaults;
// num_labels comes from id2label when present. Malformed JSON, wrong value
// types or unsupported settings (hidden_act, position_embedding_type other
// than "absolute") give an InputError naming the file.
RobertaConfig read_roberta_config(const std::filesystem::path& path);

// The published roberta-base configuration (125M parameters), num_labels 2.
RobertaConfig roberta_base_config();

}  // namespace mcplm
