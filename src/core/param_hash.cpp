#include "mcplm/core/param_hash.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <cstdint>

namespace mcplm {

constexpr uint64_t kFnvPrime = 1099511628211ull;

void Fnv1a::mix(const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) h_ = (h_ ^ bytes[i]) * kFnvPrime;
}

void Fnv1a::mix(const std::string& text) { mix(text.data(), text.size() + 1); }

std::string Fnv1a::hex() const { return fmt::format("{:016x}", h_); }

std::string content_hash(const ParamSet& params) {
  Fnv1a h;
  for (const auto& [name, tensor] : params) {
    h.mix(name);
    h.mix(std::string(c10::toString(tensor.scalar_type())));
    for (int64_t size : tensor.sizes()) h.mix(&size, sizeof size);
    const torch::Tensor bytes = tensor.detach().to(torch::kCPU).contiguous();  // [n]
    h.mix(bytes.data_ptr(), bytes.numel() * bytes.element_size());
  }
  return h.hex();
}

}  // namespace mcplm
