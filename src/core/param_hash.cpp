#include "mcplm/core/param_hash.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <cstdint>

namespace mcplm {

namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

void mix(uint64_t& h, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) h = (h ^ bytes[i]) * kFnvPrime;
}

void mix(uint64_t& h, const std::string& text) {
  mix(h, text.data(), text.size());
  mix(h, "\0", 1);
}

}  // namespace

std::string content_hash(const ParamSet& params) {
  uint64_t h = kFnvOffset;
  for (const auto& [name, tensor] : params) {
    mix(h, name);
    mix(h, std::string(c10::toString(tensor.scalar_type())));
    for (int64_t size : tensor.sizes()) mix(h, &size, sizeof size);
    const torch::Tensor bytes = tensor.detach().to(torch::kCPU).contiguous();  // [n]
    mix(h, bytes.data_ptr(), bytes.numel() * bytes.element_size());
  }
  return fmt::format("{:016x}", h);
}

}  // namespace mcplm
