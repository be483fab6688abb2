#include "mcplm/connect/layer_mix.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <unordered_map>

#include "mcplm/core/error.h"
#include "mcplm/model/module_params.h"

namespace mcplm {

LayerMix::LayerMix(ParamSet theta1, ParamSet theta2, std::vector<ParamGroup> groups,
                   const std::string& label1, const std::string& label2)
    : theta1_(std::move(theta1)), theta2_(std::move(theta2)), groups_(std::move(groups)) {
  theta1_.check_same_layout(theta2_, label1, label2);
  std::unordered_map<std::string, int64_t> group_of_name;
  for (std::size_t g = 0; g < groups_.size(); ++g)
    for (const auto& name : groups_[g].params)
      if (!group_of_name.emplace(name, static_cast<int64_t>(g)).second)
        throw InputError(fmt::format("parameter {} is in two groups", name));
  std::vector<std::string> ungrouped;
  for (const auto& [name, t] : theta1_) {
    auto it = group_of_name.find(name);
    if (it == group_of_name.end()) {
      ungrouped.push_back(name);
      continue;
    }
    group_of_.push_back(it->second);
    group_of_name.erase(it);
  }
  if (!ungrouped.empty())
    throw InputError(label1, 0, "parameters in no group: " + list_names(ungrouped));
  if (!group_of_name.empty()) {
    std::vector<std::string> unknown;
    for (const auto& [name, g] : group_of_name) unknown.push_back(name);
    throw InputError(label1, 0, "groups name parameters it lacks: " + list_names(unknown));
  }
}

torch::Tensor LayerMix::alphas(const torch::Tensor& logits) {
  return torch::sigmoid(logits.detach().to(torch::kCPU, torch::kFloat32));
}

void LayerMix::form(const torch::Tensor& alpha, const ParamSet& params) const {
  torch::NoGradGuard no_grad;
  const auto a = alpha.to(torch::kCPU, torch::kFloat32).contiguous();
  const float* weight = a.data_ptr<float>();
  std::size_t i = 0;
  for (const auto& [name, t1] : theta1_) {
    const float w1 = weight[group_of_[i++]];
    // As the original: α·θ1 + (1 − α)·θ2, in the tensors' dtype.
    params.at(name).copy_(t1 * w1 + theta2_.at(name) * (1.0f - w1));
  }
}

ParamSet LayerMix::at(const torch::Tensor& alpha) const {
  ParamSet out;
  for (const auto& [name, t] : theta1_) out.set(name, torch::empty_like(t));
  form(alpha, out);
  return out;
}

torch::Tensor LayerMix::logit_gradients(const torch::Tensor& alpha, const ParamSet& params) const {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> sums;  // one [] per tensor of theta1_, on its device
  std::vector<int64_t> owners;
  std::size_t i = 0;
  for (const auto& [name, t1] : theta1_) {
    const int64_t g = group_of_[i++];
    const torch::Tensor& grad = params.at(name).grad();
    if (!grad.defined()) continue;
    sums.push_back((grad * (t1 - theta2_.at(name))).sum());
    owners.push_back(g);
  }
  std::vector<double> per_group(groups_.size(), 0.0);
  if (!sums.empty()) {
    const torch::Tensor host = torch::stack(sums).to(torch::kCPU, torch::kFloat64).contiguous();
    const double* s = host.data_ptr<double>();
    for (std::size_t k = 0; k < owners.size(); ++k) per_group[owners[k]] += s[k];
  }
  const torch::Tensor a = alpha.to(torch::kCPU, torch::kFloat64);
  return (torch::tensor(per_group, torch::kFloat64) * a * (1 - a)).to(torch::kFloat32);
}

}  // namespace mcplm
