// Seeded normal initialisation that does not depend on the tensor's device:
// values are drawn on the CPU from `generator`, then copied in place.
#pragma once
#include <ATen/core/Generator.h>
#include <torch/types.h>

namespace mcplm {

void fill_normal(torch::Tensor& tensor, double std, at::Generator& generator);

}  // namespace mcplm
