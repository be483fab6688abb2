// Activation functions named as transformers' ACT2FN names them.
#pragma once
#include <torch/types.h>

#include <optional>
#include <string>

namespace mcplm {

enum class Activation {
  Relu,
  Gelu,     // exact (erf) GELU: "gelu"
  GeluNew,  // tanh approximation: "gelu_new", "gelu_pytorch_tanh"
  Silu,     // "silu", "swish"
  Tanh,
  Sigmoid,
};

// nullopt for a name transformers' ACT2FN does not have (or mcplm does not support).
std::optional<Activation> parse_activation(const std::string& name);

torch::Tensor apply_activation(Activation activation, const torch::Tensor& x);

}  // namespace mcplm
