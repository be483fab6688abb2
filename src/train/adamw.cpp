#include "mcplm/train/adamw.h"

#include <torch/torch.h>

#include <cmath>

namespace mcplm {

torch::Tensor AdamW::step(LossClosure closure) {
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const AdamWOptions&>(group.options());
    for (auto& param : group.params()) {
      const torch::Tensor& grad = param.grad();
      if (!grad.defined()) continue;
      TORCH_CHECK(!grad.is_sparse(), "AdamW does not support sparse gradients");
      auto& slot = state_[state_key(param)];
      if (!slot) {
        auto fresh = std::make_unique<AdamWParamState>();
        fresh->exp_avg(torch::zeros_like(param));
        fresh->exp_avg_sq(torch::zeros_like(param));
        slot = std::move(fresh);
      }
      auto& state = static_cast<AdamWParamState&>(*slot);
      state.step(state.step() + 1);
      const double beta1 = options.beta1(), beta2 = options.beta2();
      state.exp_avg().mul_(beta1).add_(grad, 1.0 - beta1);
      state.exp_avg_sq().mul_(beta2).addcmul_(grad, grad, 1.0 - beta2);
      torch::Tensor denom = state.exp_avg_sq().sqrt().add_(options.eps());  // like param
      const double t = static_cast<double>(state.step());
      const double bias_correction1 = 1.0 - std::pow(beta1, t);
      const double bias_correction2 = 1.0 - std::pow(beta2, t);
      const double step_size = options.lr() * std::sqrt(bias_correction2) / bias_correction1;
      param.addcdiv_(state.exp_avg(), denom, -step_size);
      if (options.weight_decay() > 0.0) param.add_(param, -options.lr() * options.weight_decay());
    }
  }
  return loss;
}

void AdamW::save_param_state(const torch::optim::OptimizerParamState& base,
                             const std::string& prefix, ParamSet& out) const {
  const auto& state = static_cast<const AdamWParamState&>(base);
  out.set(prefix + "step", torch::scalar_tensor(state.step(), torch::kInt64));
  out.set(prefix + "exp_avg", state.exp_avg());
  out.set(prefix + "exp_avg_sq", state.exp_avg_sq());
}

std::unique_ptr<torch::optim::OptimizerParamState> AdamW::load_param_state(
    ParamStateReader& reader, const torch::Tensor& param,
    const torch::optim::OptimizerOptions& /*options*/) const {
  auto state = std::make_unique<AdamWParamState>();
  state->step(reader.step());
  state->exp_avg(reader.tensor("exp_avg", param.sizes(), param));
  state->exp_avg_sq(reader.tensor("exp_avg_sq", param.sizes(), param));
  return state;
}

}  // namespace mcplm
