#include "mcplm/connect/lora_space.h"

#include "mcplm/core/error.h"
#include "mcplm/model/module_params.h"

namespace mcplm {

ParamSet in_lora_space(const ParamSet& theta, LoraSpace space, TuningMethod method,
                       TaskModel& model, const LoraConfig& lora, const std::string& source) {
  if (space == LoraSpace::Factors) return theta;
  if (method != TuningMethod::Lora)
    throw InputError(source, 0,
                     "--lora-space merged needs LoRA checkpoints; this one holds " +
                         tuning_method_name(method) + " parameters");
  torch::NoGradGuard no_grad;
  return lora_merged_point(theta, module_params(model.module()), lora.scaling());
}

}  // namespace mcplm
