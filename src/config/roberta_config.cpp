#include "mcplm/config/roberta_config.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

using nlohmann::json;

class ConfigReader {
 public:
  ConfigReader(const std::filesystem::path& path, const json& j) : path_(path.string()), j_(j) {}

  [[noreturn]] void fail(const std::string& what) const { throw InputError(path_, 0, what); }

  bool has(const char* key) const { return j_.contains(key) && !j_[key].is_null(); }

  void read(const char* key, int64_t& out) const {
    if (!has(key)) return;
    if (!j_[key].is_number_integer()) fail(std::string("'") + key + "' must be an integer");
    out = j_[key].get<int64_t>();
  }
  void read(const char* key, double& out) const {
    if (!has(key)) return;
    if (!j_[key].is_number()) fail(std::string("'") + key + "' must be a number");
    out = j_[key].get<double>();
  }
  void read(const char* key, std::string& out) const {
    if (!has(key)) return;
    if (!j_[key].is_string()) fail(std::string("'") + key + "' must be a string");
    out = j_[key].get<std::string>();
  }
  void read(const char* key, std::optional<double>& out) const {
    if (!has(key)) return;
    double v = 0;
    read(key, v);
    out = v;
  }
  const json& at(const char* key) const { return j_[key]; }

 private:
  std::string path_;
  const json& j_;
};

void read_labels(const ConfigReader& r, RobertaConfig& c) {
  int64_t num_labels = -1;
  r.read("num_labels", num_labels);
  // A classification head, not a vocabulary: a million labels is already absurd.
  if (num_labels > 1'000'000) r.fail("'num_labels' is too large");
  if (!r.has("id2label")) {
    c.set_num_labels(num_labels >= 0 ? num_labels : 2);
    return;
  }
  const json& labels = r.at("id2label");
  if (!labels.is_object()) r.fail("'id2label' must be an object");
  c.id2label.clear();
  for (const auto& [key, value] : labels.items()) {
    std::size_t used = 0;
    int64_t id = -1;
    try {
      id = std::stoll(key, &used);
    } catch (const std::exception&) {
    }
    if (used != key.size() || id < 0) r.fail("id2label key '" + key + "' is not a label id");
    if (!value.is_string()) r.fail("id2label value for '" + key + "' must be a string");
    c.id2label[id] = value.get<std::string>();
  }
  c.num_labels = static_cast<int64_t>(c.id2label.size());
  if (c.num_labels > 0 && c.id2label.rbegin()->first != c.num_labels - 1)
    r.fail("id2label ids must be 0.." + std::to_string(c.num_labels - 1));
  if (num_labels >= 0 && num_labels != c.num_labels)
    r.fail("num_labels " + std::to_string(num_labels) + " disagrees with id2label (" +
           std::to_string(c.num_labels) + " labels)");
}

void validate(const ConfigReader& r, const RobertaConfig& c) {
  auto positive = [&](const char* key, int64_t v) {
    if (v <= 0) r.fail(std::string("'") + key + "' must be positive");
  };
  positive("vocab_size", c.vocab_size);
  positive("hidden_size", c.hidden_size);
  positive("num_hidden_layers", c.num_hidden_layers);
  positive("num_attention_heads", c.num_attention_heads);
  positive("intermediate_size", c.intermediate_size);
  positive("max_position_embeddings", c.max_position_embeddings);
  positive("type_vocab_size", c.type_vocab_size);
  positive("num_labels", c.num_labels);
  if (c.hidden_size % c.num_attention_heads != 0)
    r.fail("hidden_size " + std::to_string(c.hidden_size) +
           " is not a multiple of num_attention_heads " + std::to_string(c.num_attention_heads));
  if (c.pad_token_id < 0 || c.pad_token_id >= c.vocab_size)
    r.fail("pad_token_id must be a token id below vocab_size");
  if (c.pad_token_id + 1 >= c.max_position_embeddings)
    r.fail("max_position_embeddings must exceed pad_token_id + 1");
  if (c.hidden_act != "gelu" && c.hidden_act != "gelu_new")
    r.fail("hidden_act '" + c.hidden_act + "' is not supported (gelu, gelu_new)");
  if (!c.problem_type.empty() && c.problem_type != "regression" &&
      c.problem_type != "single_label_classification" &&
      c.problem_type != "multi_label_classification")
    r.fail("unknown problem_type '" + c.problem_type + "'");
}

}  // namespace

void RobertaConfig::set_num_labels(int64_t n) {
  num_labels = n;
  id2label.clear();
  for (int64_t i = 0; i < n; ++i) id2label[i] = "LABEL_" + std::to_string(i);
}

RobertaConfig read_roberta_config(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "cannot open config file");
  json j = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) throw InputError(path.string(), 0, "not a JSON object");
  ConfigReader r(path, j);

  std::string model_type = "roberta", position_type = "absolute";
  r.read("model_type", model_type);
  if (model_type != "roberta") r.fail("model_type is '" + model_type + "', not 'roberta'");
  r.read("position_embedding_type", position_type);
  if (position_type != "absolute")
    r.fail("position_embedding_type '" + position_type + "' is not supported (absolute)");

  RobertaConfig c;
  r.read("vocab_size", c.vocab_size);
  r.read("hidden_size", c.hidden_size);
  r.read("num_hidden_layers", c.num_hidden_layers);
  r.read("num_attention_heads", c.num_attention_heads);
  r.read("intermediate_size", c.intermediate_size);
  r.read("hidden_act", c.hidden_act);
  r.read("max_position_embeddings", c.max_position_embeddings);
  r.read("type_vocab_size", c.type_vocab_size);
  r.read("layer_norm_eps", c.layer_norm_eps);
  r.read("pad_token_id", c.pad_token_id);
  r.read("hidden_dropout_prob", c.hidden_dropout_prob);
  r.read("attention_probs_dropout_prob", c.attention_probs_dropout_prob);
  r.read("classifier_dropout", c.classifier_dropout);
  r.read("initializer_range", c.initializer_range);
  r.read("problem_type", c.problem_type);
  read_labels(r, c);
  validate(r, c);
  return c;
}

RobertaConfig roberta_base_config() {
  RobertaConfig c;
  c.max_position_embeddings = 514;
  c.type_vocab_size = 1;
  c.layer_norm_eps = 1e-5;
  c.set_num_labels(2);
  return c;
}

}  // namespace mcplm
