#include "mcplm/train/checkpoint_io.h"

#include <fmt/format.h>

#include "mcplm/core/error.h"
#include "mcplm/model/lora.h"
#include "mcplm/model/peft_lora.h"
#include "mcplm/model/roberta_load.h"
#include "mcplm/model/t5_load.h"

namespace mcplm {

namespace fs = std::filesystem;

LoadedParams load_checkpoint_params(const fs::path& path, TuningMethod method) {
  return load_tuned_params(path, tuning_method_name(method));
}

TuningMethod detect_method(const LoadedParams& checkpoint) {
  auto it = checkpoint.metadata.find("method");
  if (it != checkpoint.metadata.end()) return parse_tuning_method(it->second);
  // Adapter runs also save what trains beside the adapters (RoBERTa: the
  // LayerNorms and the head); a full model has no adapter tensors.
  for (const auto& [name, tensor] : checkpoint.params)
    if (name.find("adapter") != std::string::npos) return TuningMethod::Adapter;
  if (lora_rank(checkpoint.params) > 0) return TuningMethod::Lora;
  return TuningMethod::Model;
}

PathEnds load_path_ends(const fs::path& ckpt1, const fs::path& ckpt2,
                        std::optional<TuningMethod> method) {
  PathEnds ends;
  ends.ckpt1 = load_checkpoint_params(ckpt1, method.value_or(TuningMethod::Adapter));
  ends.method = method ? *method : detect_method(ends.ckpt1);
  if (!method && ends.method != TuningMethod::Adapter)
    ends.ckpt1 = load_checkpoint_params(ckpt1, ends.method);  // an original .pt's "model" entry
  ends.ckpt2 = load_checkpoint_params(ckpt2, ends.method);
  return ends;
}

ParamSet tuned_from(const ParamSet& checkpoint, const ParamSet& tuned, const std::string& source) {
  ParamSet out;
  std::vector<std::string> missing;
  for (const auto& [name, tensor] : tuned) {
    if (checkpoint.contains(name)) {
      out.set(name, checkpoint.at(name));
    } else {
      missing.push_back(name);
    }
  }
  if (!missing.empty())
    throw InputError(
        source, 0,
        fmt::format("lacks {} tuned parameter(s): {}{}", missing.size(),
                    fmt::join(missing.begin(),
                              missing.begin() + std::min<std::size_t>(10, missing.size()), ", "),
                    missing.size() > 10 ? ", …" : ""));
  return out;
}

ModelSetup setup_for_checkpoints(const ModelSetup& base, TuningMethod method,
                                 const LoadedParams& ckpt1, const std::string& source) {
  ModelSetup setup = base;
  setup.method = method;
  if (setup.method == TuningMethod::Lora) {
    setup.lora = lora_config_of(ckpt1, base.lora, source);
    return setup;
  }
  if (setup.method != TuningMethod::Adapter) return setup;
  if (read_model_family(setup.model_dir) == ModelFamily::T5) {
    setup.adapters = infer_t5_adapter_config(ckpt1, source);
    setup.adapters.r_mean = base.adapters.r_mean;  // for fresh draws
    setup.adapters.r_std = base.adapters.r_std;
  } else if (const int64_t bottleneck = roberta_adapter_bottleneck(ckpt1.params)) {
    setup.roberta_adapter_size = bottleneck;
  }
  return setup;
}

}  // namespace mcplm
