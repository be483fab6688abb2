// Adafactor (Shazeer & Stern 2018) exactly as transformers 4.19's
// `transformers.optimization.Adafactor`, the optimizer of the original T5
// training: same options, defaults, order of operations and float32 maths.
#pragma once
#include <torch/optim/optimizer.h>

#include <optional>

#include "mcplm/train/named_optimizer.h"

namespace mcplm {

// transformers' constructor defaults (lr None, relative_step on); the
// original's T5 recipe (fixed lr, no scaling) is `AdafactorOptions::external(lr)`.
struct AdafactorOptions : public torch::optim::OptimizerCloneableOptions<AdafactorOptions> {
  // Fixed lr, no parameter scaling, no relative step, no warmup_init.
  static AdafactorOptions external(double lr);

  // The external learning rate; must be unset with relative_step.
  TORCH_ARG(std::optional<double>, lr);
  TORCH_ARG(double, eps_sq) = 1e-30;    // eps[0]: added to squared gradients
  TORCH_ARG(double, eps_scale) = 1e-3;  // eps[1]: floor of the parameter RMS
  TORCH_ARG(double, clip_threshold) = 1.0;
  TORCH_ARG(double, decay_rate) = -0.8;
  TORCH_ARG(std::optional<double>, beta1);  // first moment when set
  TORCH_ARG(double, weight_decay) = 0.0;
  TORCH_ARG(bool, scale_parameter) = true;
  TORCH_ARG(bool, relative_step) = true;
  TORCH_ARG(bool, warmup_init) = false;

 public:
  double get_lr() const override { return lr_.value_or(0.0); }
  void set_lr(const double lr) override { lr_ = lr; }
};

struct AdafactorParamState
    : public torch::optim::OptimizerCloneableParamState<AdafactorParamState> {
  TORCH_ARG(int64_t, step) = 0;
  TORCH_ARG(torch::Tensor, exp_avg);         // like grad, when beta1 is set
  TORCH_ARG(torch::Tensor, exp_avg_sq_row);  // grad shape without the last dim (>= 2-d)
  TORCH_ARG(torch::Tensor, exp_avg_sq_col);  // grad shape without the second last dim
  TORCH_ARG(torch::Tensor, exp_avg_sq);      // like grad (< 2-d)
};

class Adafactor : public NamedOptimizer {
 public:
  // Each group's weight decay replaces `defaults.weight_decay()`. Throws
  // InputError on the option combinations transformers rejects.
  Adafactor(const std::vector<NamedParamGroup>& groups, const AdafactorOptions& defaults);
  Adafactor(const ParamSet& params, const AdafactorOptions& defaults)
      : Adafactor({NamedParamGroup{params, defaults.weight_decay()}}, defaults) {}

  // Updates every parameter with a gradient, in place (no autograd).
  torch::Tensor step(LossClosure closure = nullptr) override;

 protected:
  void save_param_state(const torch::optim::OptimizerParamState& state, const std::string& prefix,
                        ParamSet& out) const override;
  std::unique_ptr<torch::optim::OptimizerParamState> load_param_state(
      ParamStateReader& reader, const torch::Tensor& param,
      const torch::optim::OptimizerOptions& options) const override;

 private:
  AdafactorParamState& state_for(const torch::Tensor& param, const torch::Tensor& grad,
                                 const AdafactorOptions& options);
  void update_param(torch::Tensor param32, const torch::Tensor& grad, AdafactorParamState& state,
                    const AdafactorOptions& options);
  // A buffer shaped like `grad`, reused across parameters and steps so the
  // update allocates nothing per tensor.
  torch::Tensor scratch_like(const torch::Tensor& grad);

  torch::Tensor scratch_;  // [largest numel so far]
};

}  // namespace mcplm
