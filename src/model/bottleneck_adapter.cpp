#include "mcplm/model/bottleneck_adapter.h"

#include <torch/torch.h>

#include "mcplm/model/normal_init.h"

namespace mcplm {

BottleneckAdapterImpl::BottleneckAdapterImpl(int64_t hidden_size, int64_t bottleneck) {
  namespace nn = torch::nn;
  down_proj = nn::Linear(hidden_size, bottleneck);
  up_proj = nn::Linear(bottleneck, hidden_size);
  auto gelu_tanh = nn::Functional([](const torch::Tensor& x) { return torch::gelu(x, "tanh"); });
  modulelist_ = register_module(
      "modulelist",
      nn::Sequential({{"down_proj", down_proj}, {"non_linear", gelu_tanh}, {"up_proj", up_proj}}));
}

torch::Tensor BottleneckAdapterImpl::forward(const torch::Tensor& h) {
  return modulelist_->forward(h) + h;
}

void BottleneckAdapterImpl::initialize(double std, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  for (torch::nn::Linear* linear : {&down_proj, &up_proj}) {
    fill_normal((*linear)->weight, std, generator);
    (*linear)->bias.zero_();
  }
}

}  // namespace mcplm
