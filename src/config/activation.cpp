#include "mcplm/config/activation.h"

#include <torch/torch.h>

#include <utility>

namespace mcplm {

namespace {
const std::pair<const char*, Activation> kNames[] = {
    {"relu", Activation::Relu},        {"gelu", Activation::Gelu},
    {"gelu_new", Activation::GeluNew}, {"gelu_pytorch_tanh", Activation::GeluNew},
    {"silu", Activation::Silu},        {"swish", Activation::Silu},
    {"tanh", Activation::Tanh},        {"sigmoid", Activation::Sigmoid},
};
}  // namespace

std::optional<Activation> parse_activation(const std::string& name) {
  for (const auto& [text, activation] : kNames)
    if (name == text) return activation;
  return std::nullopt;
}

torch::Tensor apply_activation(Activation activation, const torch::Tensor& x) {
  switch (activation) {
    case Activation::Relu:
      return torch::relu(x);
    case Activation::Gelu:
      return torch::gelu(x);
    case Activation::GeluNew:
      return torch::gelu(x, "tanh");
    case Activation::Silu:
      return torch::silu(x);
    case Activation::Tanh:
      return torch::tanh(x);
    case Activation::Sigmoid:
      return torch::sigmoid(x);
  }
  return x;
}

}  // namespace mcplm
