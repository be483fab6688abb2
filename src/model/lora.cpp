#include "mcplm/model/lora.h"

#include <torch/torch.h>

#include <cmath>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

const std::string kA = ".lora_A";
const std::string kB = ".lora_B";

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "…q.lora_A" -> "…q"
std::string target_of(const std::string& factor) { return factor.substr(0, factor.size() - 7); }

}  // namespace

std::string lora_space_name(LoraSpace space) {
  return space == LoraSpace::Factors ? "factors" : "merged";
}

void LoraBranch::attach(torch::nn::Module& linear, int64_t in_features, int64_t out_features,
                        const LoraConfig& config) {
  A = linear.register_parameter("lora_A", torch::zeros({in_features, config.r}));
  B = linear.register_parameter("lora_B", torch::zeros({config.r, out_features}));
  scaling_ = config.scaling();
  dropout_ = config.dropout;
}

torch::Tensor LoraBranch::forward(const torch::Tensor& x, bool training) const {
  torch::Tensor in = dropout_ > 0 ? torch::dropout(x, dropout_, training) : x;
  return torch::matmul(torch::matmul(in, A), B) * scaling_;
}

bool is_lora_factor(const std::string& name) { return ends_with(name, kA) || ends_with(name, kB); }

void init_lora_factors(torch::nn::Module& module, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  for (auto& item : module.named_parameters()) {
    torch::Tensor& p = item.value();
    if (ends_with(item.key(), kA)) {
      // kaiming_uniform_(a=√5): gain √(2 / (1 + a²)), bound gain·√(3 / fan_in), fan_in = size(1)
      const double gain = std::sqrt(2.0 / (1.0 + 5.0));
      const double bound = gain * std::sqrt(3.0 / static_cast<double>(p.size(1)));
      p.copy_(torch::empty(p.sizes(), torch::kFloat).uniform_(-bound, bound, generator));
    } else if (ends_with(item.key(), kB)) {
      p.zero_();
    }
  }
}

int64_t lora_rank(const ParamSet& params) {
  for (const auto& [name, tensor] : params)
    if (ends_with(name, kA) && tensor.dim() == 2) return tensor.size(1);
  return 0;
}

LoraConfig lora_config_of(const LoadedParams& checkpoint, const LoraConfig& fallback,
                          const std::string& source) {
  LoraConfig config = fallback;
  config.r = lora_rank(checkpoint.params);
  if (config.r == 0) throw InputError(source, 0, "holds no LoRA factors (names ending in .lora_A)");
  auto alpha = checkpoint.metadata.find("lora_alpha");
  if (alpha != checkpoint.metadata.end()) {
    try {
      config.alpha = std::stod(alpha->second);
    } catch (const std::exception&) {
      throw InputError(source, 0, "metadata lora_alpha '" + alpha->second + "' is not a number");
    }
  }
  return config;
}

ParamSet lora_merged_updates(const ParamSet& factors, double scaling) {
  ParamSet out;
  for (const auto& [name, tensor] : factors) {
    if (ends_with(name, kB)) continue;
    if (!ends_with(name, kA)) {
      out.set(name, tensor);
      continue;
    }
    const std::string target = target_of(name);
    const torch::Tensor& B = factors.at(target + kB);                     // [r, out]
    out.set(target + ".weight", torch::matmul(tensor, B).t() * scaling);  // [out, in]
  }
  return out;
}

ParamSet lora_merged_point(const ParamSet& factors, const ParamSet& base, double scaling) {
  ParamSet out;
  for (const auto& [name, tensor] : factors) {
    if (ends_with(name, kB)) {
      out.set(name, torch::zeros_like(tensor));
    } else if (ends_with(name, kA)) {
      const std::string weight = target_of(name) + ".weight";
      const torch::Tensor& B = factors.at(target_of(name) + kB);  // [r, out]
      out.set(name, torch::zeros_like(tensor));
      out.set(weight, base.at(weight) + torch::matmul(tensor, B).t() * scaling);  // [out, in]
    } else {
      out.set(name, tensor);
    }
  }
  return out;
}

}  // namespace mcplm
