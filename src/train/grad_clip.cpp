#include "mcplm/train/grad_clip.h"

#include <torch/torch.h>

namespace mcplm {

torch::Tensor clip_grad_norm(const std::vector<torch::Tensor>& params, double max_norm) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> grads;
  for (const auto& param : params)
    if (param.grad().defined()) grads.push_back(param.grad());
  if (grads.empty()) return torch::zeros({}, torch::kFloat);

  std::vector<torch::Tensor> norms;  // one 0-d float32 norm per gradient
  norms.reserve(grads.size());
  const auto device = grads.front().device();
  for (const auto& grad : grads)
    norms.push_back(at::linalg_vector_norm(grad, 2, at::OptionalIntArrayRef(), false, torch::kFloat)
                        .to(device));
  torch::Tensor total_norm = at::linalg_vector_norm(torch::stack(norms), 2);
  // Python's `max_norm / (total_norm + 1e-6)` is reciprocal() * max_norm.
  torch::Tensor coef = total_norm.add(1e-6).reciprocal_().mul_(max_norm).clamp_max_(1.0);
  for (auto& grad : grads) grad.mul_(coef.to(grad.device()));
  return total_norm;
}

}  // namespace mcplm
