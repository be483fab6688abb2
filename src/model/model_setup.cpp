#include "mcplm/model/model_setup.h"

#include <fmt/format.h>

#include "mcplm/config/roberta_config.h"
#include "mcplm/config/t5_config.h"
#include "mcplm/core/device.h"
#include "mcplm/core/error.h"
#include "mcplm/model/roberta_load.h"
#include "mcplm/model/roberta_task_model.h"
#include "mcplm/model/t5_load.h"
#include "mcplm/model/t5_task_model.h"
#include "mcplm/text/t5_tokenizer.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

// The tokenizer of `setup`, checked against the model before the model is
// built: the family's kind of tokenizer, and no id past the embedding's rows.
std::unique_ptr<Tokenizer> load_checked_tokenizer(const ModelSetup& setup, ModelFamily family) {
  const fs::path dir = setup.tokenizer_dir.empty() ? setup.model_dir : setup.tokenizer_dir;
  const bool t5 = family == ModelFamily::T5;
  const fs::path config_file = setup.model_dir / "config.json";
  const int64_t vocab_size =
      t5 ? load_t5_config(config_file).vocab_size : read_roberta_config(config_file).vocab_size;
  auto tokenizer = load_tokenizer(dir);
  if (t5 != (dynamic_cast<const T5Tokenizer*>(tokenizer.get()) != nullptr))
    throw InputError(dir.string(), 0,
                     fmt::format("holds a {} tokenizer, but {} is a {} model (needs {})",
                                 t5 ? "byte-level BPE (RoBERTa)" : "SentencePiece (T5)",
                                 setup.model_dir.string(), model_family_name(family),
                                 t5 ? "spiece.model" : "vocab.json and merges.txt"));
  if (tokenizer->vocab_size() > vocab_size)
    throw InputError(config_file.string(), 0,
                     fmt::format("vocab_size {} is smaller than the tokenizer's {} ids ({})",
                                 vocab_size, tokenizer->vocab_size(), dir.string()));
  return tokenizer;
}

std::unique_ptr<TaskModel> load_t5_task_model(const ModelSetup& setup, const Task& task) {
  AdapterConfig adapters;
  if (setup.method == TuningMethod::Adapter) {
    adapters = setup.adapters;
    if (!adapters.enabled()) adapters.type = AdapterType::Houlsby;
  }
  auto tokenizer = load_checked_tokenizer(setup, ModelFamily::T5);
  auto model = load_t5(setup.model_dir, adapters);
  if (adapters.enabled()) model->init_adapters(setup.init_seed);
  if (setup.method == TuningMethod::Lora) {
    model->attach_lora(setup.lora);
    model->init_lora(setup.init_seed);
  }
  return std::make_unique<T5TaskModel>(std::move(model), std::move(tokenizer), setup, task.name);
}

std::unique_ptr<TaskModel> load_roberta_task_model(const ModelSetup& setup, const Task& task) {
  LabelSpace labels = label_space(task);
  if (labels.num_outputs() == 0)
    throw InputError(task.train.path.string(), 0, "no labels in the training file");
  RobertaLoadOptions options;
  options.num_labels = static_cast<int64_t>(labels.num_outputs());
  options.replace_mismatched_head = true;
  options.head_seed = setup.init_seed;
  options.adapter_seed = setup.init_seed;
  if (setup.method == TuningMethod::Adapter)
    options.adapter_bottleneck = setup.roberta_adapter_size;
  auto tokenizer = load_checked_tokenizer(setup, ModelFamily::Roberta);
  LoadedRoberta loaded = load_roberta_classifier(setup.model_dir, options);
  if (setup.method == TuningMethod::Lora) {
    loaded.model->attach_lora(setup.lora);
    loaded.model->initialize_lora(setup.init_seed);
  }
  return std::make_unique<RobertaTaskModel>(std::move(loaded.model), std::move(tokenizer), setup,
                                            std::move(labels), loaded.report.message());
}

}  // namespace

std::unique_ptr<TaskModel> load_task_model(const ModelSetup& setup, const Task& task) {
  require_device(setup.device);
  const ModelFamily family = read_model_family(setup.model_dir);
  std::unique_ptr<TaskModel> model = family == ModelFamily::T5
                                         ? load_t5_task_model(setup, task)
                                         : load_roberta_task_model(setup, task);
  model->module().to(setup.device);
  return model;
}

}  // namespace mcplm
