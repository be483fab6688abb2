#include "mcplm/core/param_set.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <stdexcept>

#include "mcplm/core/error.h"

namespace mcplm {

void ParamSet::set(const std::string& name, torch::Tensor tensor) {
  auto it = index_.find(name);
  if (it != index_.end()) {
    entries_[it->second].second = std::move(tensor);
    return;
  }
  index_.emplace(name, entries_.size());
  entries_.emplace_back(name, std::move(tensor));
}

bool ParamSet::contains(const std::string& name) const { return index_.count(name) > 0; }

const torch::Tensor& ParamSet::at(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end()) throw std::out_of_range("no parameter named " + name);
  return entries_[it->second].second;
}

torch::Tensor& ParamSet::at(const std::string& name) {
  return const_cast<torch::Tensor&>(static_cast<const ParamSet&>(*this).at(name));
}

void ParamSet::erase(const std::string& name) {
  auto it = index_.find(name);
  if (it == index_.end()) return;
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(it->second));
  index_.clear();
  for (std::size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].first, i);
}

std::vector<std::string> ParamSet::names() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& [name, tensor] : entries_) out.push_back(name);
  return out;
}

ParamSet ParamSet::select(const NameFilter& keep) const {
  ParamSet out;
  for (const auto& [name, tensor] : entries_)
    if (keep(name)) out.set(name, tensor);
  return out;
}

namespace {
std::string shape_string(const torch::Tensor& t) {
  return fmt::format("[{}]", fmt::join(t.sizes().vec(), ", "));
}
}  // namespace

void ParamSet::check_same_layout(const ParamSet& other, const std::string& label_this,
                                 const std::string& label_other) const {
  std::vector<std::string> problems;
  std::size_t count = 0;
  auto note = [&](std::string problem) {
    if (problems.size() < 10) problems.push_back(std::move(problem));
    ++count;
  };
  for (const auto& [name, tensor] : entries_) {
    if (!other.contains(name)) {
      note(fmt::format("{} only in {}", name, label_this));
    } else if (other.at(name).sizes() != tensor.sizes()) {
      note(fmt::format("{} has shape {} in {} but {} in {}", name, shape_string(tensor), label_this,
                       shape_string(other.at(name)), label_other));
    }
  }
  for (const auto& [name, tensor] : other)
    if (!contains(name)) note(fmt::format("{} only in {}", name, label_other));
  if (count == 0) return;
  std::string more = count > problems.size()
                         ? fmt::format(" (and {} more)", count - problems.size())
                         : std::string();
  throw InputError(fmt::format("{} and {} differ in {} parameter(s): {}{}", label_this, label_other,
                               count, fmt::join(problems, "; "), more));
}

ParamSet ParamSet::to(const c10::Device& device) const {
  ParamSet out;
  for (const auto& [name, tensor] : entries_) out.set(name, tensor.to(device));
  return out;
}

int64_t ParamSet::numel() const {
  int64_t n = 0;
  for (const auto& [name, tensor] : entries_) n += tensor.numel();
  return n;
}

torch::Tensor ParamSet::flatten_f64() const {
  std::vector<torch::Tensor> parts;
  parts.reserve(entries_.size());
  for (const auto& [name, tensor] : entries_)
    parts.push_back(tensor.detach().reshape({-1}).to(torch::kFloat64));
  if (parts.empty()) return torch::zeros({0}, torch::kFloat64);
  return torch::cat(parts);
}

ParamSet ParamSet::lerp(const ParamSet& a, const ParamSet& b, double x) {
  a.check_same_layout(b, "first", "second");
  ParamSet out;
  torch::NoGradGuard no_grad;
  for (const auto& [name, ta] : a) {
    const torch::Tensor& tb = b.at(name);
    out.set(name, ta.detach() * (1.0 - x) + tb.detach().to(ta.dtype()) * x);
  }
  return out;
}

}  // namespace mcplm
