// Tuning methods: which parameters train, are saved and are interpolated.
#pragma once
#include <string>

#include "mcplm/config/model_family.h"
#include "mcplm/core/param_set.h"

namespace mcplm {

enum class TuningMethod {
  Model,    // every parameter
  Adapter,  // the adapters (and, for RoBERTa, what trains beside them)
  Lora,     // the LoRA factors (and, for RoBERTa, the classifier)
};

// "model" / "adapter" / "lora"; InputError otherwise.
TuningMethod parse_tuning_method(const std::string& name);
std::string tuning_method_name(TuningMethod method);

// The parameters `method` tunes in a model of `family`; the same filter
// decides what is trained, saved and interpolated.
//   Model:   every parameter;
//   Adapter: T5: the names holding "adapter". RoBERTa: the adapters
//            (`.adapter.`), every LayerNorm (embeddings and both of each
//            layer) and the classifier. The original asked OpenDelta to
//            unfreeze "deltas", "layer_norm", "final_layer_norm" and
//            "classifier"; whether its name matching reached transformers'
//            `LayerNorm` modules depends on the OpenDelta version, so mcplm
//            trains them.
//   Lora:    the LoRA factors (`.lora_A`, `.lora_B`); for RoBERTa also the
//            classifier, which trains as with adapters.
NameFilter tuned_by(ModelFamily family, TuningMethod method);

}  // namespace mcplm
