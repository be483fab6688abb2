#include "mcplm/model/init_model.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/config/roberta_config.h"
#include "mcplm/config/t5_config.h"
#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/load_params.h"
#include "mcplm/model/model_setup.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/roberta_classifier.h"
#include "mcplm/model/roberta_load.h"
#include "mcplm/model/t5.h"
#include "mcplm/model/t5_load.h"
#include "mcplm/text/tokenizer.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

// The tokenizer files a model directory may carry.
constexpr const char* kTokenizerFiles[] = {"spiece.model", "vocab.json", "merges.txt",
                                           "tokenizer_config.json", "special_tokens_map.json"};

void copy_tokenizer(const fs::path& from, const fs::path& to) {
  for (const char* name : kTokenizerFiles)
    if (fs::exists(from / name))
      fs::copy_file(from / name, to / name, fs::copy_options::overwrite_existing);
}

void write_roberta_weights(RobertaForSequenceClassificationImpl& model, const fs::path& dir) {
  ParamSet params;
  for (const auto& [name, tensor] : module_params(model))
    params.set(name, tensor.detach().to(torch::kCPU).contiguous());
  write_safetensors(dir / "model.safetensors", params, {{"format", "pt"}});
}

// The base directory's config.json with the head of `config` (num_labels,
// id2label, label2id, problem_type) and the weights of `model`.
void save_roberta_export(RobertaForSequenceClassificationImpl& model, const fs::path& model_dir,
                         const fs::path& out_dir) {
  auto json = nlohmann::json::parse(read_file_bytes(model_dir / "config.json"));
  const RobertaConfig& config = model.config();
  json.erase("num_labels");
  json["id2label"] = nlohmann::json::object();
  json["label2id"] = nlohmann::json::object();
  for (const auto& [id, label] : config.id2label) {
    json["id2label"][std::to_string(id)] = label;
    json["label2id"][label] = id;
  }
  json["problem_type"] =
      config.problem_type.empty() ? nlohmann::json() : nlohmann::json(config.problem_type);
  write_text_atomically(out_dir / "config.json", json.dump(1) + "\n");
  write_roberta_weights(model, out_dir);
}

// A RobertaForSequenceClassification drawn as transformers does, written as
// `config` (completed with model_type and architectures) + model.safetensors.
void init_roberta(nlohmann::json config, uint64_t seed, const fs::path& out_dir) {
  config["model_type"] = "roberta";
  if (!config.contains("architectures"))
    config["architectures"] = {"RobertaForSequenceClassification"};
  const fs::path config_file = out_dir / "config.json";
  write_text_atomically(config_file, config.dump(1) + "\n");
  RobertaForSequenceClassification model(read_roberta_config(config_file));
  model->initialize(seed);
  write_roberta_weights(*model, out_dir);
}

}  // namespace

void init_model_dir(const InitOptions& o) {
  auto config = nlohmann::json::parse(read_file_bytes(o.config), nullptr, false);
  if (config.is_discarded() || !config.is_object())
    throw InputError(o.config.string(), 0, "not a JSON object");
  auto tokenizer = load_tokenizer(o.tokenizer_dir);
  if (!config.contains("vocab_size")) config["vocab_size"] = tokenizer->vocab_size();
  if (!config["vocab_size"].is_number_integer())
    throw InputError(o.config.string(), 0, "config key 'vocab_size' has the wrong type");
  if (config["vocab_size"].get<int64_t>() < tokenizer->vocab_size())
    throw InputError(o.config.string(), 0,
                     "vocab_size " + config["vocab_size"].dump() +
                         " is smaller than the tokenizer's " +
                         std::to_string(tokenizer->vocab_size()));
  fs::create_directories(o.out_dir);
  if (o.family == ModelFamily::T5) {
    T5ForConditionalGeneration model(parse_t5_config(config, o.config.string()));
    model.init_weights(o.seed);
    save_t5(model, o.out_dir);
  } else {
    init_roberta(config, o.seed, o.out_dir);
  }
  copy_tokenizer(o.tokenizer_dir, o.out_dir);
}

void export_model_dir(const fs::path& model_dir, const fs::path& checkpoint,
                      const fs::path& out_dir) {
  export_model_dir(model_dir, load_params(checkpoint, "model").params, checkpoint.string(),
                   out_dir);
}

void export_model_dir(const fs::path& model_dir, const ParamSet& tuned, const std::string& source,
                      const fs::path& out_dir) {
  if (read_model_family(model_dir) == ModelFamily::Roberta) {
    if (roberta_adapter_bottleneck(tuned) > 0)
      throw InputError(
          source, 0, "holds adapters: export writes full-model checkpoints (tune --method model)");
    LoadedRoberta loaded = load_roberta_with_tuned(model_dir, LoadedParams{tuned, {}}, source);
    fs::create_directories(out_dir);
    save_roberta_export(*loaded.model, model_dir, out_dir);
  } else {
    auto model = load_t5(model_dir);
    load_t5_weights(*model, tuned, source);
    fs::create_directories(out_dir);
    save_t5(*model, out_dir);
  }
  copy_tokenizer(model_dir, out_dir);
}

}  // namespace mcplm
