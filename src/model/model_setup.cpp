#include "mcplm/model/model_setup.h"

#include "mcplm/core/device.h"
#include "mcplm/core/error.h"
#include "mcplm/model/roberta_load.h"
#include "mcplm/model/roberta_task_model.h"
#include "mcplm/model/t5_load.h"
#include "mcplm/model/t5_task_model.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

std::unique_ptr<TaskModel> load_t5_task_model(const ModelSetup& setup, const Task& task) {
  AdapterConfig adapters;
  if (setup.method == TuningMethod::Adapter) {
    adapters = setup.adapters;
    if (!adapters.enabled()) adapters.type = AdapterType::Houlsby;
  }
  auto model = load_t5(setup.model_dir, adapters);
  if (adapters.enabled()) model->init_adapters(setup.init_seed);
  if (setup.method == TuningMethod::Lora) {
    model->attach_lora(setup.lora);
    model->init_lora(setup.init_seed);
  }
  auto tokenizer =
      load_tokenizer(setup.tokenizer_dir.empty() ? setup.model_dir : setup.tokenizer_dir);
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
  LoadedRoberta loaded = load_roberta_classifier(setup.model_dir, options);
  if (setup.method == TuningMethod::Lora) {
    loaded.model->attach_lora(setup.lora);
    loaded.model->initialize_lora(setup.init_seed);
  }
  auto tokenizer =
      load_tokenizer(setup.tokenizer_dir.empty() ? setup.model_dir : setup.tokenizer_dir);
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
