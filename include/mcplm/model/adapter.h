// Houlsby-style bottleneck adapters (the original's module/adapter.py):
// adapter(y) = act(y·A)·B + y with A [d_model, r], B [r, d_model], no biases.
#pragma once
#include <torch/nn/module.h>

#include <string>

#include "mcplm/config/activation.h"

namespace mcplm {

enum class AdapterType {
  None,
  Houlsby,   // after self-attention, cross-attention and the FFN; SiLU
  Pfeiffer,  // after the FFN only; ReLU
};

// "houlsby" / "pfeiffer"; InputError otherwise.
AdapterType parse_adapter_type(const std::string& name);
std::string adapter_type_name(AdapterType type);

struct AdapterConfig {
  AdapterType type = AdapterType::None;
  int64_t size = 12;  // r
  double r_mean = 0.0;
  double r_std = 0.02;

  bool enabled() const { return type != AdapterType::None; }
  Activation activation() const {
    return type == AdapterType::Pfeiffer ? Activation::Relu : Activation::Silu;
  }
};

class Adapter : public torch::nn::Module {
 public:
  Adapter(int64_t d_model, int64_t size, Activation activation);

  // [..., d_model] -> [..., d_model]
  torch::Tensor forward(const torch::Tensor& y);

  torch::Tensor adapter_A;  // [d_model, r]
  torch::Tensor adapter_B;  // [r, d_model]

 private:
  Activation activation_;
};

}  // namespace mcplm
