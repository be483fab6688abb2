#include "mcplm/model/normal_init.h"

#include <torch/torch.h>

namespace mcplm {

void fill_normal(torch::Tensor& tensor, double std, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  torch::Tensor draw = torch::empty(tensor.sizes(), torch::kFloat32);
  draw.normal_(0.0, std, generator);
  tensor.copy_(draw);
}

}  // namespace mcplm
