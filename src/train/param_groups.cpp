#include "mcplm/train/param_groups.h"

#include <array>

namespace mcplm {

bool takes_weight_decay(const std::string& name) {
  static const std::array<const char*, 3> kNoDecay = {"bias", "layer_norm.weight",
                                                      "LayerNorm.weight"};
  for (const char* part : kNoDecay)
    if (name.find(part) != std::string::npos) return false;
  return true;
}

std::vector<NamedParamGroup> weight_decay_groups(const ParamSet& params, double weight_decay) {
  if (weight_decay == 0.0) {
    if (params.empty()) return {};
    return {NamedParamGroup{params, 0.0}};
  }
  std::vector<NamedParamGroup> groups;
  NamedParamGroup decay{params.select(takes_weight_decay), weight_decay};
  NamedParamGroup no_decay{
      params.select([](const std::string& name) { return !takes_weight_decay(name); }), 0.0};
  if (!decay.params.empty()) groups.push_back(std::move(decay));
  if (!no_decay.params.empty()) groups.push_back(std::move(no_decay));
  return groups;
}

}  // namespace mcplm
