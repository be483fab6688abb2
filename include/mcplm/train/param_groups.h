// Parameter groups for the optimizers: which tuned tensors take weight decay.
#pragma once
#include <string>
#include <vector>

#include "mcplm/core/param_set.h"

namespace mcplm {

// Named parameters that share one weight-decay setting inside an optimizer.
struct NamedParamGroup {
  ParamSet params;
  double weight_decay = 0.0;
};

// The original's `no_decay` list, matched as substrings:
// biases and layer-norm weights (`layer_norm.weight`, RoBERTa's
// `LayerNorm.weight`) take no weight decay; everything else does.
bool takes_weight_decay(const std::string& name);

// The decay group (`weight_decay`) then the no-decay group (0), each in the
// order of `params`; empty groups are left out. With `weight_decay` 0 (adapter
// tuning) everything lands in one group.
std::vector<NamedParamGroup> weight_decay_groups(const ParamSet& params, double weight_decay);

}  // namespace mcplm
