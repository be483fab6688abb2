// Parameter sets of modules: the bridge between torch::nn::Module and ParamSet.
#pragma once
#include <torch/nn/module.h>

#include <string>

#include "mcplm/core/param_set.h"

namespace mcplm {

// named_parameters() in registration order, sharing storage with the module.
ParamSet module_parameters(const torch::nn::Module& module);

// Copies each tensor of `values` into the same-named parameter in place (no
// rebuild; dtype converted). InputError naming `source` and listing the names
// the module does not have or whose shapes differ. Parameters not in `values`
// keep their values.
void assign_parameters(torch::nn::Module& module, const ParamSet& values,
                       const std::string& source);

// "a, b, c" with at most `limit` names, then "… (N more)".
std::string list_names(const std::vector<std::string>& names, std::size_t limit = 10);

}  // namespace mcplm
