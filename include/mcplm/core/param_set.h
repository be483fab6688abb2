// ParamSet: an ordered name -> tensor map. What checkpoints hold, what `dist`
// compares, what interpolation paths combine and what models accept.
#pragma once
#include <c10/core/Device.h>
#include <torch/types.h>

#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mcplm {

// A predicate over parameter names: which parameters a method tunes, which
// a selection keeps.
using NameFilter = std::function<bool(const std::string& name)>;

class ParamSet {
 public:
  using Entry = std::pair<std::string, torch::Tensor>;

  // Adds or replaces `name`; a new name goes to the end.
  void set(const std::string& name, torch::Tensor tensor);
  bool contains(const std::string& name) const;
  // Throws std::out_of_range naming the parameter when absent.
  const torch::Tensor& at(const std::string& name) const;
  torch::Tensor& at(const std::string& name);
  void erase(const std::string& name);

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  std::vector<std::string> names() const;
  std::vector<Entry>::const_iterator begin() const { return entries_.begin(); }
  std::vector<Entry>::const_iterator end() const { return entries_.end(); }

  // The entries whose name satisfies `keep`, in order, sharing storage.
  ParamSet select(const NameFilter& keep) const;
  // Every entry on `device`: copies, or the same tensors where already there.
  ParamSet to(const c10::Device& device) const;

  // Throws InputError unless `other` has exactly the same names and shapes;
  // the message lists up to 10 differences, naming both sides by `label_*`.
  void check_same_layout(const ParamSet& other, const std::string& label_this,
                         const std::string& label_other) const;

  // Total element count.
  int64_t numel() const;
  // All tensors flattened in order into one float64 vector. [numel()]
  torch::Tensor flatten_f64() const;

  // (1 - x) * a + x * b per tensor, computed in each tensor's dtype (float
  // types) after check_same_layout.
  static ParamSet lerp(const ParamSet& a, const ParamSet& b, double x);

 private:
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace mcplm
