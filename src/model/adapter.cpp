#include "mcplm/model/adapter.h"

#include <torch/torch.h>

#include "mcplm/core/error.h"

namespace mcplm {

AdapterType parse_adapter_type(const std::string& name) {
  if (name == "houlsby") return AdapterType::Houlsby;
  if (name == "pfeiffer") return AdapterType::Pfeiffer;
  throw InputError("adapter type '" + name + "' is not one of houlsby, pfeiffer");
}

std::string adapter_type_name(AdapterType type) {
  switch (type) {
    case AdapterType::Houlsby:
      return "houlsby";
    case AdapterType::Pfeiffer:
      return "pfeiffer";
    case AdapterType::None:
      break;
  }
  return "none";
}

Adapter::Adapter(int64_t d_model, int64_t size, Activation activation) : activation_(activation) {
  adapter_A = register_parameter("adapter_A", torch::zeros({d_model, size}));
  adapter_B = register_parameter("adapter_B", torch::zeros({size, d_model}));
}

torch::Tensor Adapter::forward(const torch::Tensor& y) {
  return torch::matmul(apply_activation(activation_, torch::matmul(y, adapter_A)), adapter_B) + y;
}

}  // namespace mcplm
