#include "mcplm/model/init_model.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/load_params.h"
#include "mcplm/model/t5.h"
#include "mcplm/model/t5_config.h"
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
  if (o.family == "t5") {
    T5ForConditionalGeneration model(parse_t5_config(config, o.config.string()));
    model.init_weights(o.seed);
    save_t5(model, o.out_dir);
  } else {
    throw InputError("--family must be t5 or roberta (got '" + o.family + "')");
  }
  copy_tokenizer(o.tokenizer_dir, o.out_dir);
}

void export_model_dir(const fs::path& model_dir, const fs::path& checkpoint,
                      const fs::path& out_dir) {
  auto model = load_t5(model_dir);
  load_t5_weights(*model, load_params(checkpoint, "model").params, checkpoint.string());
  fs::create_directories(out_dir);
  save_t5(*model, out_dir);
  copy_tokenizer(model_dir, out_dir);
}

}  // namespace mcplm
