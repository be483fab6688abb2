// Gradient clipping to a global L2 norm, as torch.nn.utils.clip_grad_norm_.
#pragma once
#include <torch/types.h>

#include <vector>

namespace mcplm {

// Scales the gradients of `params` (those that have one) by
// min(1, max_norm / (total_norm + 1e-6)), where total_norm is the L2 norm of
// all of them together, computed in float32 whatever the gradient dtype.
// Returns total_norm before clipping (float32 0-d tensor; 0 without gradients).
torch::Tensor clip_grad_norm(const std::vector<torch::Tensor>& params, double max_norm);

}  // namespace mcplm
