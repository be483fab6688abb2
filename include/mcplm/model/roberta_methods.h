// What each tuning method trains on RoBERTa. The same filter decides what is
// trained, saved and interpolated.
//   "model":   every parameter;
//   "adapter": the adapters (`.adapter.` in the name), every LayerNorm
//              (embeddings and both of each layer) and the classifier
//              (SPEC section 4). The original asked OpenDelta to unfreeze
//              "deltas", "layer_norm", "final_layer_norm" and "classifier";
//              whether its name matching reached transformers' `LayerNorm`
//              modules depends on the OpenDelta version, so SPEC decides.
#pragma once
#include <string>

#include "mcplm/model/module_params.h"

namespace mcplm {

bool is_roberta_adapter_tuned(const std::string& name);

// InputError for a method other than "model" or "adapter".
NameFilter roberta_method_filter(const std::string& method);

}  // namespace mcplm
