// The space a path between LoRA solutions runs in (--lora-space): the
// factors as they are (the original's), or the merged updates over the
// model's base weights (see model/lora.h).
#pragma once
#include <string>

#include "mcplm/core/param_set.h"
#include "mcplm/model/lora.h"
#include "mcplm/model/method.h"
#include "mcplm/model/task_model.h"

namespace mcplm {

// `theta` (tuned tensors of `model`) in `space`: unchanged for Factors; for
// Merged, lora_merged_point over the model's current weights with
// `lora`'s scaling. InputError naming `source` when `space` is Merged and
// `method` is not LoRA.
ParamSet in_lora_space(const ParamSet& theta, LoraSpace space, TuningMethod method,
                       TaskModel& model, const LoraConfig& lora, const std::string& source);

}  // namespace mcplm
