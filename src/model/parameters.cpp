#include "mcplm/model/parameters.h"

#include <torch/torch.h>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {
std::string shape_text(const torch::Tensor& t) {
  std::string text = "[";
  for (int64_t i = 0; i < t.dim(); ++i) text += (i ? ", " : "") + std::to_string(t.size(i));
  return text + "]";
}
}  // namespace

ParamSet module_parameters(const torch::nn::Module& module) {
  ParamSet params;
  for (const auto& item : module.named_parameters(/*recurse=*/true))
    params.set(item.key(), item.value());
  return params;
}

void assign_parameters(torch::nn::Module& module, const ParamSet& values,
                       const std::string& source) {
  ParamSet params = module_parameters(module);
  std::vector<std::string> unknown, mismatched;
  for (const auto& [name, tensor] : values) {
    if (!params.contains(name))
      unknown.push_back(name);
    else if (params.at(name).sizes() != tensor.sizes())
      mismatched.push_back(name + " " + shape_text(tensor) + " vs " + shape_text(params.at(name)));
  }
  if (!unknown.empty() || !mismatched.empty()) {
    std::string what;
    if (!unknown.empty()) what += "parameters the model does not have: " + list_names(unknown);
    if (!mismatched.empty())
      what += (what.empty() ? "" : "; ") + std::string("shape differs from the model's: ") +
              list_names(mismatched);
    throw InputError(source, 0, what);
  }
  torch::NoGradGuard no_grad;
  for (const auto& [name, tensor] : values) params.at(name).copy_(tensor);
}

std::string list_names(const std::vector<std::string>& names, std::size_t limit) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > limit) text += " … (" + std::to_string(names.size() - limit) + " more)";
  return text;
}

}  // namespace mcplm
