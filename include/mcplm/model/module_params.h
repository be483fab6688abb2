// A model's parameters as a ParamSet, and a ParamSet written back into a
// model in place (`model.assign(ParamSet)` of the architecture notes): no
// module is rebuilt, so optimizers and references stay valid.
#pragma once
#include <torch/nn/module.h>

#include <functional>
#include <string>

#include "mcplm/core/param_set.h"

namespace mcplm {

using NameFilter = std::function<bool(const std::string&)>;

// named_parameters() in registration order, sharing storage with the module.
ParamSet module_params(const torch::nn::Module& module);

// The device of the module's parameters (the first one's; the CPU when it has
// none), where its inputs must go.
c10::Device module_device(const torch::nn::Module& module);

// Copies each tensor of `params` into the module's parameter of the same name
// (converting dtype and device), without recording gradients. Every name must
// exist in the module with the same shape; otherwise nothing is copied and an
// InputError lists up to 10 problems, calling the set `label`. Parameters
// absent from `params` keep their values.
void assign_params(torch::nn::Module& module, const ParamSet& params,
                   const std::string& label = "parameter set");

// requires_grad = trains(name) for every parameter; returns the number of
// trainable elements.
int64_t set_trainable(torch::nn::Module& module, const NameFilter& trains);

}  // namespace mcplm
