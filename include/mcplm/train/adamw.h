// AdamW as transformers' Trainer runs it for RoBERTa: its default optimizer
// ("adamw_hf", `transformers.optimization.AdamW` with correct_bias) in the
// versions the paper used. Unlike torch.optim.AdamW (and torch::optim::AdamW)
// it adds eps to sqrt(v) before bias correction (folding sqrt(1 - beta2^t)
// into the step size) and applies weight decay after the Adam step.
#pragma once
#include <torch/optim/optimizer.h>

#include "mcplm/train/named_optimizer.h"

namespace mcplm {

// Defaults are the Trainer's (learning_rate 5e-5, adam_beta1/2 0.9/0.999,
// adam_epsilon 1e-8, weight_decay 0).
struct AdamWOptions : public torch::optim::OptimizerCloneableOptions<AdamWOptions> {
  TORCH_ARG(double, lr) = 5e-5;
  TORCH_ARG(double, beta1) = 0.9;
  TORCH_ARG(double, beta2) = 0.999;
  TORCH_ARG(double, eps) = 1e-8;
  TORCH_ARG(double, weight_decay) = 0.0;

 public:
  double get_lr() const override { return lr_; }
  void set_lr(const double lr) override { lr_ = lr; }
};

struct AdamWParamState : public torch::optim::OptimizerCloneableParamState<AdamWParamState> {
  TORCH_ARG(int64_t, step) = 0;
  TORCH_ARG(torch::Tensor, exp_avg);     // like the parameter
  TORCH_ARG(torch::Tensor, exp_avg_sq);  // like the parameter
};

class AdamW : public NamedOptimizer {
 public:
  // Each group's weight decay replaces `defaults.weight_decay()`.
  AdamW(const std::vector<NamedParamGroup>& groups, const AdamWOptions& defaults)
      : NamedOptimizer(groups, defaults) {}
  AdamW(const ParamSet& params, const AdamWOptions& defaults)
      : AdamW({NamedParamGroup{params, defaults.weight_decay()}}, defaults) {}

  // Updates every parameter with a gradient, in place (no autograd).
  torch::Tensor step(LossClosure closure = nullptr) override;

 protected:
  void save_param_state(const torch::optim::OptimizerParamState& state, const std::string& prefix,
                        ParamSet& out) const override;
  std::unique_ptr<torch::optim::OptimizerParamState> load_param_state(
      ParamStateReader& reader, const torch::Tensor& param,
      const torch::optim::OptimizerOptions& options) const override;
};

}  // namespace mcplm
