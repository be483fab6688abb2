// The model weight-find trains: per group g of parameters (layer_groups.h),
// θ = α_g·θ1 + (1 − α_g)·θ2 with α_g = σ(w_g), the weight of the first end
// (the original's WrapModelLayerWF), and the chain rule that turns the
// gradient of the loss in θ into that in the logits w.
#pragma once
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "mcplm/connect/layer_groups.h"
#include "mcplm/core/param_set.h"

namespace mcplm {

class LayerMix {
 public:
  // `theta1` and `theta2` hold the same names and shapes, on one device;
  // `groups` cover each of their names exactly once. InputError otherwise,
  // naming the ends by `label1`/`label2`.
  LayerMix(ParamSet theta1, ParamSet theta2, std::vector<ParamGroup> groups,
           const std::string& label1, const std::string& label2);

  const std::vector<ParamGroup>& groups() const { return groups_; }
  std::size_t size() const { return groups_.size(); }
  const ParamSet& theta1() const { return theta1_; }
  const ParamSet& theta2() const { return theta2_; }

  // σ(logits), computed in float32 as the original does. [G] -> [G], on the CPU
  static torch::Tensor alphas(const torch::Tensor& logits);

  // Writes θ at `alpha` [G] into the same-named tensors of `params` (a
  // model's parameters), in place and without autograd.
  void form(const torch::Tensor& alpha, const ParamSet& params) const;
  // θ at `alpha` [G] as new tensors.
  ParamSet at(const torch::Tensor& alpha) const;

  // dL/dw_g = α_g(1 − α_g)·Σ_{p in g} <dL/dθ_p, θ1_p − θ2_p>, from the
  // gradients left on `params` (a parameter without one contributes 0).
  // [G] float32, on the CPU
  torch::Tensor logit_gradients(const torch::Tensor& alpha, const ParamSet& params) const;

 private:
  ParamSet theta1_, theta2_;
  std::vector<ParamGroup> groups_;
  std::vector<int64_t> group_of_;  // theta1_'s i-th tensor belongs to group group_of_[i]
};

}  // namespace mcplm
