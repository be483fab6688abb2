// Optimizers whose parameters have names, so that their state can be written
// as named tensors (into `checkpoint@N.optim.safetensors`) and read back to
// continue a run exactly where it stopped.
#pragma once
#include <torch/optim/optimizer.h>

#include <memory>
#include <set>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mcplm/core/param_set.h"
#include "mcplm/train/param_groups.h"

namespace mcplm {

// Reads the saved fields "<prefix><field>" of one parameter's state, checking
// each against what the parameter needs; remembers which entries it used.
class ParamStateReader {
 public:
  ParamStateReader(const ParamSet& state, std::string prefix, const std::string& source,
                   std::set<std::string>& used)
      : state_(state), prefix_(std::move(prefix)), source_(source), used_(used) {}

  // A copy of the entry on `like`'s device; InputError unless it exists with
  // `shape` and `like`'s dtype.
  torch::Tensor tensor(const std::string& field, at::IntArrayRef shape, const torch::Tensor& like);
  // The int64 scalar "<prefix>step", at least 1.
  int64_t step();

 private:
  const torch::Tensor& entry(const std::string& field);

  const ParamSet& state_;
  std::string prefix_;
  const std::string& source_;
  std::set<std::string>& used_;
};

class NamedOptimizer : public torch::optim::Optimizer {
 public:
  // "<name>.<field>" for every state tensor of every parameter that has been
  // stepped, in parameter order; "<name>.step" is its step count (int64 scalar).
  // The tensors share storage with the live state: write them before stepping.
  ParamSet state_tensors() const;
  // Replaces the whole state by `state`, as state_tensors() wrote it; `source`
  // names it in errors. Throws InputError when an entry is missing, has the
  // wrong shape or dtype, or names no parameter of this optimizer.
  void load_state_tensors(const ParamSet& state, const std::string& source);
  // Drops every parameter's gradient (PyTorch's zero_grad(set_to_none=True)):
  // the next backward hands over fresh gradient tensors instead of adding into
  // zeroed ones, two passes over the parameters fewer per update.
  void release_grads();

 protected:
  template <class Options>
  NamedOptimizer(const std::vector<NamedParamGroup>& groups, const Options& defaults)
      : Optimizer(torch_groups(groups, defaults), std::make_unique<Options>(defaults)) {
    remember_names(groups);
  }

  // One parameter's state as fields under `prefix` ("<name>."); must include "step".
  virtual void save_param_state(const torch::optim::OptimizerParamState& state,
                                const std::string& prefix, ParamSet& out) const = 0;
  // The state save_param_state wrote for `param`, whose group has `options`.
  virtual std::unique_ptr<torch::optim::OptimizerParamState> load_param_state(
      ParamStateReader& reader, const torch::Tensor& param,
      const torch::optim::OptimizerOptions& options) const = 0;

  // How state_ is keyed: the TensorImpl's address as text before LibTorch
  // 2.1, the address itself since.
  using StateKey =
      std::remove_reference_t<decltype(std::declval<torch::optim::Optimizer&>().state())>::key_type;
  // The key of `param` in state_ (LibTorch's convention).
  static StateKey state_key(const torch::Tensor& param);

 private:
  template <class Options>
  static std::vector<torch::optim::OptimizerParamGroup> torch_groups(
      const std::vector<NamedParamGroup>& groups, const Options& defaults) {
    std::vector<torch::optim::OptimizerParamGroup> out;
    for (const auto& group : groups) {
      Options options = defaults;
      options.weight_decay(group.weight_decay);
      out.emplace_back(tensors_of(group.params), std::make_unique<Options>(options));
    }
    return out;
  }
  static std::vector<torch::Tensor> tensors_of(const ParamSet& params);
  void remember_names(const std::vector<NamedParamGroup>& groups);
  const std::string& name_of(const torch::Tensor& param) const;

  std::unordered_map<StateKey, std::string> names_;  // state_key -> parameter name
};

}  // namespace mcplm
