#include "mcplm/model/module_params.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"

namespace mcplm {

ParamSet module_params(const torch::nn::Module& module) {
  ParamSet out;
  for (const auto& item : module.named_parameters()) out.set(item.key(), item.value());
  return out;
}

c10::Device module_device(const torch::nn::Module& module) {
  const auto params = module.parameters();
  return params.empty() ? c10::Device(c10::kCPU) : params.front().device();
}

void assign_params(torch::nn::Module& module, const ParamSet& params, const std::string& label) {
  auto targets = module.named_parameters();
  std::vector<std::string> problems;
  std::size_t count = 0;
  for (const auto& [name, tensor] : params) {
    const torch::Tensor* target = targets.find(name);
    std::string problem;
    if (!target) {
      problem = name + " is not a parameter of the model";
    } else if (target->sizes() != tensor.sizes()) {
      problem = fmt::format("{} has shape [{}] in {} but [{}] in the model", name,
                            fmt::join(tensor.sizes().vec(), ", "), label,
                            fmt::join(target->sizes().vec(), ", "));
    }
    if (problem.empty()) continue;
    if (problems.size() < 10) problems.push_back(problem);
    ++count;
  }
  if (count > 0) {
    std::string more = count > problems.size()
                           ? fmt::format(" (and {} more)", count - problems.size())
                           : std::string();
    throw InputError(label, 0, fmt::format("{}{}", fmt::join(problems, "; "), more));
  }
  torch::NoGradGuard no_grad;
  for (const auto& [name, tensor] : params) targets[name].copy_(tensor);
}

std::string list_names(const std::vector<std::string>& names, std::size_t limit) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > limit) text += " … (" + std::to_string(names.size() - limit) + " more)";
  return text;
}

int64_t set_trainable(torch::nn::Module& module, const NameFilter& trains) {
  int64_t count = 0;
  for (auto& item : module.named_parameters()) {
    bool on = trains(item.key());
    item.value().set_requires_grad(on);
    if (on) count += item.value().numel();
  }
  return count;
}

}  // namespace mcplm
