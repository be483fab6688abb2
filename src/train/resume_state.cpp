#include "mcplm/train/resume_state.h"

#include <torch/torch.h>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {
constexpr const char* kOptimizerPrefix = "optimizer.";
}

SafetensorsFile capture_resume_state(const NamedOptimizer& optimizer, const RngEngines& engines,
                                     LoopCounters counters, const TrainSampler& sampler) {
  SafetensorsFile s;
  for (const auto& [name, t] : optimizer.state_tensors()) s.tensors.set(kOptimizerPrefix + name, t);
  for (const auto& [name, t] : capture_rng_state(engines)) s.tensors.set(name, t);
  counters.sampler = sampler.state();
  s.metadata = {{"updates", std::to_string(counters.updates)},
                {"counters", loop_counters_to_json(counters)}};
  return s;
}

LoopCounters restore_resume_state(const SafetensorsFile& saved, NamedOptimizer& optimizer,
                                  const RngEngines& engines, TrainSampler& sampler,
                                  std::size_t train_lines, const std::string& source) {
  const std::string prefix = kOptimizerPrefix;
  ParamSet optimizer_state;
  for (const auto& [name, t] : saved.tensors)
    if (name.rfind(prefix, 0) == 0) optimizer_state.set(name.substr(prefix.size()), t);
  optimizer.load_state_tensors(optimizer_state, source);
  restore_rng_state(saved.tensors, engines, source);
  auto counters_json = saved.metadata.find("counters");
  if (counters_json == saved.metadata.end())
    throw InputError(source, 0, "no resume counters in the metadata");
  LoopCounters counters = parse_loop_counters(counters_json->second, source);
  if (counters.sampler.position >= train_lines)
    throw InputError(source, 0, "resume position beyond the training lines");
  sampler.restore(counters.sampler);
  return counters;
}

}  // namespace mcplm
