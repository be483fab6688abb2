#include "mcplm/train/adafactor.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

bool is_reduced_float(torch::ScalarType type) {
  return type == torch::kFloat16 || type == torch::kBFloat16;
}

// transformers' `_rms`: norm(2) / sqrt(numel), a 0-d tensor.
torch::Tensor rms(const torch::Tensor& t) {
  return at::linalg_vector_norm(t, 2).div_(std::sqrt(static_cast<double>(t.numel())));
}

// transformers' `_get_lr`. With scale_parameter, `max(eps[1], RMS)` usually
// picks the float32 0-d RMS tensor, making lr (and the weight-decay factor
// derived from it) float32 products; `float32` records that so the rounding
// matches.
struct LearningRate {
  double value;
  bool float32;
};

LearningRate adafactor_lr(const AdafactorOptions& options, double step,
                          const torch::Tensor& param32) {
  double rel_step = options.lr().value_or(0.0);
  if (options.relative_step()) {
    const double min_step = options.warmup_init() ? 1e-6 * step : 1e-2;
    rel_step = std::min(min_step, 1.0 / std::sqrt(step));
  }
  if (!options.scale_parameter()) return {rel_step, false};
  const float param_rms = rms(param32).item<float>();
  if (param_rms > static_cast<float>(options.eps_scale()))
    return {static_cast<double>(param_rms * static_cast<float>(rel_step)), true};
  return {options.eps_scale() * rel_step, false};
}

// Shapes of the factored second moment of a [..., R, C] tensor: [..., R], [..., C].
std::pair<std::vector<int64_t>, std::vector<int64_t>> factored_shapes(at::IntArrayRef shape) {
  std::vector<int64_t> row(shape.begin(), shape.end() - 1);
  std::vector<int64_t> col(shape.begin(), shape.end() - 2);
  col.push_back(shape.back());
  return {row, col};
}

}  // namespace

AdafactorOptions AdafactorOptions::external(double lr) {
  return AdafactorOptions().lr(lr).scale_parameter(false).relative_step(false).warmup_init(false);
}

Adafactor::Adafactor(const std::vector<NamedParamGroup>& groups, const AdafactorOptions& defaults)
    : NamedOptimizer(groups, defaults) {
  if (defaults.lr() && defaults.relative_step())
    throw InputError("Adafactor: cannot combine a manual lr with relative_step");
  if (!defaults.lr() && !defaults.relative_step())
    throw InputError("Adafactor: an lr is required without relative_step");
  if (defaults.warmup_init() && !defaults.relative_step())
    throw InputError("Adafactor: warmup_init requires relative_step");
}

AdafactorParamState& Adafactor::state_for(const torch::Tensor& param, const torch::Tensor& grad,
                                          const AdafactorOptions& options) {
  auto& slot = state_[state_key(param)];
  if (!slot) {
    auto state = std::make_unique<AdafactorParamState>();
    if (options.beta1()) state->exp_avg(torch::zeros_like(grad));
    if (grad.dim() >= 2) {
      const auto [row_shape, col_shape] = factored_shapes(grad.sizes());
      state->exp_avg_sq_row(torch::zeros(row_shape, grad.options()));
      state->exp_avg_sq_col(torch::zeros(col_shape, grad.options()));
    } else {
      state->exp_avg_sq(torch::zeros_like(grad));
    }
    slot = std::move(state);
  }
  return static_cast<AdafactorParamState&>(*slot);
}

torch::Tensor Adafactor::step(LossClosure closure) {
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const AdafactorOptions&>(group.options());
    for (auto& param : group.params()) {
      torch::Tensor grad = param.grad();
      if (!grad.defined()) continue;
      TORCH_CHECK(!grad.is_sparse(), "Adafactor does not support sparse gradients");
      if (is_reduced_float(grad.scalar_type())) grad = grad.to(torch::kFloat);
      AdafactorParamState& state = state_for(param, grad, options);
      if (is_reduced_float(param.scalar_type())) {
        torch::Tensor param32 = param.to(torch::kFloat);
        update_param(param32, grad, state, options);
        param.copy_(param32);
      } else {
        update_param(param, grad, state, options);
      }
    }
  }
  return loss;
}

void Adafactor::update_param(torch::Tensor param32, const torch::Tensor& grad,
                             AdafactorParamState& state, const AdafactorOptions& options) {
  state.step(state.step() + 1);
  const double step = static_cast<double>(state.step());
  const LearningRate lr = adafactor_lr(options, step, param32);
  const double beta2t = 1.0 - std::pow(step, options.decay_rate());

  // transformers forms update = grad² + eps, the factored estimate, update·grad,
  // its RMS, then scales and subtracts it: about ten passes over the tensor.
  // Here eps is added after averaging, the RMS comes from the factors and
  // grad² without forming the update, and the update lands in the parameter
  // in one fused pass: the same values up to float rounding.
  torch::Tensor sq = scratch_like(grad);
  at::mul_out(sq, grad, grad);  // grad², like grad
  torch::Tensor row_factor;     // [..., R, 1] (factored) or undefined
  double sum_sq = 0;            // Σ update² before clipping
  if (grad.dim() >= 2) {
    torch::Tensor& row = state.exp_avg_sq_row();  // [..., R]
    torch::Tensor& col = state.exp_avg_sq_col();  // [..., C]
    row.mul_(beta2t).add_(sq.mean(-1).add_(options.eps_sq()), 1.0 - beta2t);
    col.mul_(beta2t).add_(sq.mean(-2).add_(options.eps_sq()), 1.0 - beta2t);
    // `_approx_sq_grad`: update = row_factor · col_factor · grad.
    row_factor = row.div(row.mean(-1, /*keepdim=*/true)).rsqrt_().unsqueeze(-1);  // [..., R, 1]
    torch::Tensor col_factor = col.unsqueeze(-2).rsqrt();                         // [..., 1, C]
    // Σ_ij r_i² c_j² g_ij² = Σ_j (r²ᵀ·grad²)_j c_j²
    sum_sq = row_factor.square()
                 .transpose(-1, -2)
                 .matmul(sq)
                 .mul_(col_factor.square())
                 .sum()
                 .item<double>();
    at::mul_out(sq, grad, col_factor);  // sq := grad · col_factor; update = row_factor · sq
  } else {
    torch::Tensor& avg = state.exp_avg_sq();
    avg.mul_(beta2t).add_(sq.add_(options.eps_sq()), 1.0 - beta2t);
    at::rsqrt_out(sq, avg).mul_(grad);  // sq := update
    sum_sq = sq.square().sum().item<double>();
  }
  const double rms = std::sqrt(sum_sq / static_cast<double>(grad.numel()));
  const double scale = lr.value / std::max(1.0, rms / options.clip_threshold());

  if (options.weight_decay() != 0.0) {
    const double alpha = lr.float32
                             ? static_cast<double>(static_cast<float>(-options.weight_decay()) *
                                                   static_cast<float>(lr.value))
                             : -options.weight_decay() * lr.value;
    param32.add_(param32, alpha);
  }
  if (options.beta1()) {
    if (row_factor.defined()) sq.mul_(row_factor);
    const double beta1 = *options.beta1();
    state.exp_avg().mul_(beta1).add_(sq, (1.0 - beta1) * scale);
    param32.sub_(state.exp_avg());
  } else if (row_factor.defined()) {
    param32.addcmul_(sq, row_factor, -scale);
  } else {
    param32.add_(sq, -scale);
  }
}

torch::Tensor Adafactor::scratch_like(const torch::Tensor& grad) {
  if (!scratch_.defined() || scratch_.numel() < grad.numel() ||
      scratch_.options().dtype() != grad.options().dtype() || scratch_.device() != grad.device())
    scratch_ = torch::empty({grad.numel()}, grad.options());
  return scratch_.narrow(0, 0, grad.numel()).view(grad.sizes());
}

void Adafactor::save_param_state(const torch::optim::OptimizerParamState& base,
                                 const std::string& prefix, ParamSet& out) const {
  const auto& state = static_cast<const AdafactorParamState&>(base);
  out.set(prefix + "step", torch::scalar_tensor(state.step(), torch::kInt64));
  if (state.exp_avg().defined()) out.set(prefix + "exp_avg", state.exp_avg());
  if (state.exp_avg_sq_row().defined()) {
    out.set(prefix + "exp_avg_sq_row", state.exp_avg_sq_row());
    out.set(prefix + "exp_avg_sq_col", state.exp_avg_sq_col());
  } else {
    out.set(prefix + "exp_avg_sq", state.exp_avg_sq());
  }
}

std::unique_ptr<torch::optim::OptimizerParamState> Adafactor::load_param_state(
    ParamStateReader& reader, const torch::Tensor& param,
    const torch::optim::OptimizerOptions& base_options) const {
  const auto& options = static_cast<const AdafactorOptions&>(base_options);
  // The state follows the gradient, which step() takes in float32 when reduced.
  const torch::Tensor like = torch::empty(
      {}, param.options().dtype(is_reduced_float(param.scalar_type()) ? torch::kFloat
                                                                      : param.scalar_type()));
  auto state = std::make_unique<AdafactorParamState>();
  state->step(reader.step());
  if (options.beta1()) state->exp_avg(reader.tensor("exp_avg", param.sizes(), like));
  if (param.dim() >= 2) {
    const auto [row_shape, col_shape] = factored_shapes(param.sizes());
    state->exp_avg_sq_row(reader.tensor("exp_avg_sq_row", row_shape, like));
    state->exp_avg_sq_col(reader.tensor("exp_avg_sq_col", col_shape, like));
  } else {
    state->exp_avg_sq(reader.tensor("exp_avg_sq", param.sizes(), like));
  }
  return state;
}

}  // namespace mcplm
