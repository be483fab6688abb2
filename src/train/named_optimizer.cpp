#include "mcplm/train/named_optimizer.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <sstream>

#include "mcplm/core/error.h"

namespace mcplm {

void NamedOptimizer::release_grads() {
  for (auto& group : param_groups())
    for (auto& param : group.params()) param.mutable_grad().reset();
}

namespace {
std::string shape_string(at::IntArrayRef shape) {
  return fmt::format("[{}]", fmt::join(shape.vec(), ", "));
}
}  // namespace

const torch::Tensor& ParamStateReader::entry(const std::string& field) {
  const std::string key = prefix_ + field;
  if (!state_.contains(key))
    throw InputError(source_, 0, fmt::format("optimizer state lacks '{}'", key));
  used_.insert(key);
  return state_.at(key);
}

torch::Tensor ParamStateReader::tensor(const std::string& field, at::IntArrayRef shape,
                                       const torch::Tensor& like) {
  const torch::Tensor& saved = entry(field);
  if (saved.sizes() != shape || saved.scalar_type() != like.scalar_type())
    throw InputError(source_, 0,
                     fmt::format("optimizer state '{}{}' is {} {}, expected {} {}", prefix_, field,
                                 c10::toString(saved.scalar_type()), shape_string(saved.sizes()),
                                 c10::toString(like.scalar_type()), shape_string(shape)));
  return saved.to(like.device(), /*non_blocking=*/false, /*copy=*/true).contiguous();
}

int64_t ParamStateReader::step() {
  const torch::Tensor& saved = entry("step");
  if (saved.dim() != 0 || saved.scalar_type() != torch::kInt64 || saved.item<int64_t>() < 1)
    throw InputError(
        source_, 0,
        fmt::format("optimizer state '{}step' is not a positive int64 scalar", prefix_));
  return saved.item<int64_t>();
}

namespace {
// `impl` as LibTorch keys optimizer state: its address printed (as
// c10::guts::to_string did), or the address.
template <class Key>
Key key_of(void* impl) {
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;
    text << impl;
    return text.str();
  } else {
    return impl;
  }
}
}  // namespace

NamedOptimizer::StateKey NamedOptimizer::state_key(const torch::Tensor& param) {
  return key_of<StateKey>(param.unsafeGetTensorImpl());
}

std::vector<torch::Tensor> NamedOptimizer::tensors_of(const ParamSet& params) {
  std::vector<torch::Tensor> out;
  out.reserve(params.size());
  for (const auto& [name, tensor] : params) out.push_back(tensor);
  return out;
}

void NamedOptimizer::remember_names(const std::vector<NamedParamGroup>& groups) {
  for (const auto& group : groups)
    for (const auto& [name, tensor] : group.params) {
      if (!names_.emplace(state_key(tensor), name).second)
        throw std::invalid_argument("parameter '" + name + "' is in more than one group");
    }
}

const std::string& NamedOptimizer::name_of(const torch::Tensor& param) const {
  auto it = names_.find(state_key(param));
  if (it == names_.end()) throw std::logic_error("optimizer parameter without a name");
  return it->second;
}

ParamSet NamedOptimizer::state_tensors() const {
  ParamSet out;
  for (const auto& group : param_groups_)
    for (const auto& param : group.params()) {
      auto it = state_.find(state_key(param));
      if (it != state_.end()) save_param_state(*it->second, name_of(param) + ".", out);
    }
  return out;
}

void NamedOptimizer::load_state_tensors(const ParamSet& state, const std::string& source) {
  decltype(state_) loaded;
  std::set<std::string> used;
  for (const auto& group : param_groups_)
    for (const auto& param : group.params()) {
      const std::string prefix = name_of(param) + ".";
      if (!state.contains(prefix + "step")) continue;  // never stepped
      ParamStateReader reader(state, prefix, source, used);
      loaded[state_key(param)] = load_param_state(reader, param, group.options());
    }
  for (const auto& [key, tensor] : state)
    if (!used.count(key))
      throw InputError(
          source, 0, fmt::format("optimizer state '{}' belongs to no parameter of this run", key));
  state_ = std::move(loaded);
}

}  // namespace mcplm
