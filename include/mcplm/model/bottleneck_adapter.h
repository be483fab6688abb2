// OpenDelta's sequential bottleneck adapter (AdapterLayer), for RoBERTa:
//
//   adapter(h) = up_proj(gelu_tanh(down_proj(h))) + h     // [..., d] -> [..., d]
//
// down_proj: Linear(d, r) and up_proj: Linear(r, d), both with bias; r is the
// bottleneck (24 by default, as OpenDelta). The projections live in a child
// named `modulelist` (OpenDelta's nn.Sequential), so parameter names are
// `adapter.modulelist.down_proj.weight` etc., the names the original's
// OpenDelta checkpoints carry.
#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

namespace mcplm {

constexpr int64_t kDefaultAdapterBottleneck = 24;

class BottleneckAdapterImpl : public torch::nn::Module {
 public:
  BottleneckAdapterImpl(int64_t hidden_size, int64_t bottleneck);

  torch::Tensor forward(const torch::Tensor& h);  // [..., d] -> [..., d]

  // OpenDelta's initialisation: weights N(0, std), biases zero, drawn from
  // `generator` (down_proj first).
  void initialize(double std, at::Generator& generator);

  torch::nn::Linear down_proj{nullptr};
  torch::nn::Linear up_proj{nullptr};

 private:
  torch::nn::Sequential modulelist_{nullptr};
};
TORCH_MODULE(BottleneckAdapter);

}  // namespace mcplm
