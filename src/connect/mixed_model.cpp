#include "mcplm/connect/mixed_model.h"

#include <torch/torch.h>

#include "mcplm/config/model_family.h"
#include "mcplm/core/error.h"
#include "mcplm/train/checkpoint_io.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

// The tensors of `end` the model has, each converted to its parameter's device and dtype.
ParamSet end_like(const ParamSet& end, const ParamSet& params, const std::string& source) {
  ParamSet out;
  for (const auto& [name, t] : tuned_from(end, params, source)) {
    const torch::Tensor& p = params.at(name);
    if (!t.sizes().equals(p.sizes()))
      throw InputError(
          source, 0,
          name + " has shape " + c10::str(t.sizes()) + ", the model's " + c10::str(p.sizes()));
    out.set(name, t.to(p.device(), p.scalar_type()).contiguous());
  }
  return out;
}

}  // namespace

MixedModel load_mixed_model(const ModelSetup& setup, const Task& task, const fs::path& ckpt1,
                            const fs::path& ckpt2, LayerFilter filter) {
  if (read_model_family(setup.model_dir) != ModelFamily::T5)
    throw InputError(setup.model_dir.string(), 0,
                     "weight-find mixes T5 models (the original's experiment); this directory "
                     "holds a RoBERTa model");
  // Read as full models (an original .pt's `model` entry); an adapter file
  // says what it holds in its metadata or its names.
  const LoadedParams end1 = load_checkpoint_params(ckpt1, TuningMethod::Model);
  const LoadedParams end2 = load_checkpoint_params(ckpt2, TuningMethod::Model);
  for (const auto& [end, path] : {std::pair{&end1, &ckpt1}, std::pair{&end2, &ckpt2}}) {
    if (detect_method(*end) != TuningMethod::Model)
      throw InputError(path->string(), 0,
                       "holds adapters: weight-find mixes two whole models (tuned with "
                       "--method model); `curve` and `interpolate` take adapter ends");
    check_checkpoint_family(*end, setup.model_dir, path->string());
  }
  ModelSetup model_setup = setup;
  model_setup.method = TuningMethod::Model;
  MixedModel m;
  m.model = load_task_model(model_setup, task);
  m.params = m.model->tuned_parameters();
  m.mix.emplace(end_like(end1.params, m.params, ckpt1.string()),
                end_like(end2.params, m.params, ckpt2.string()),
                group_parameters(m.params.names(), filter), ckpt1.string(), ckpt2.string());
  return m;
}

}  // namespace mcplm
