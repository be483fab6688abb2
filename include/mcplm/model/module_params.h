// A model's parameters as a ParamSet, and a ParamSet written back into a
// model in place (`model.assign(ParamSet)` of the architecture notes): no
// module is rebuilt, so optimizers and references stay valid.
#pragma once
#include <torch/nn/module.h>

#include <string>
#include <vector>

#include "mcplm/core/param_set.h"

namespace mcplm {

// named_parameters() in registration order, sharing storage with the module.
ParamSet module_params(const torch::nn::Module& module);

// The device of the module's parameters (the first one's; the CPU when it has
// none), where its inputs must go.
c10::Device module_device(const torch::nn::Module& module);

// Copies each tensor of `params` into the module's parameter of the same name
// (converting dtype and device), without recording gradients. Every name must
// exist in the module with the same shape; otherwise nothing is copied and an
// InputError naming `label` (the file the values came from) lists up to 10
// problems. Parameters absent from `params` keep their values.
void assign_params(torch::nn::Module& module, const ParamSet& params,
                   const std::string& label = "parameter set");

// "a, b, c" with at most `limit` names, then "… (N more)".
std::string list_names(const std::vector<std::string>& names, std::size_t limit = 10);

// requires_grad = trains(name) for every parameter; returns the number of
// trainable elements.
int64_t set_trainable(torch::nn::Module& module, const NameFilter& trains);

}  // namespace mcplm
