#include "mcplm/connect/weight_find_file.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <cmath>

#include "mcplm/connect/layer_mix.h"
#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/model/module_params.h"

namespace mcplm {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

void write_weight_find_file(const fs::path& file, const WeightFindRecord& record) {
  const torch::Tensor logits = record.logits.to(torch::kCPU, torch::kFloat32).contiguous();
  const torch::Tensor alpha = LayerMix::alphas(logits);
  ojson groups = ojson::array();
  for (std::size_t g = 0; g < record.groups.size(); ++g) {
    const auto i = static_cast<int64_t>(g);
    groups.push_back({{"name", record.groups[g].name},
                      {"params", record.groups[g].params},
                      {"logit", static_cast<double>(logits[i].item<float>())},
                      {"alpha", static_cast<double>(alpha[i].item<float>())}});
  }
  ojson j = {{"filter", layer_filter_name(record.filter)}, {"groups", std::move(groups)}};
  for (const auto& [key, value] : record.details.items()) j[key] = value;
  write_text_atomically(file, j.dump(1) + "\n");
}

WeightFindRecord read_weight_find_file(const fs::path& file) {
  const std::string source = file.string();
  ojson j;
  try {
    j = ojson::parse(read_file_bytes(file));
  } catch (const ojson::parse_error& e) {
    throw InputError(source, 0, std::string("not JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("filter") || !j["filter"].is_string() ||
      !j.contains("groups") || !j["groups"].is_array())
    throw InputError(source, 0,
                     "not a weight-find file (a JSON object with \"filter\" and \"groups\", "
                     "as `mcplm weight-find` writes)");
  WeightFindRecord record;
  record.filter = parse_layer_filter(j["filter"].get<std::string>(), source);
  std::vector<float> logits;
  for (const auto& group : j["groups"]) {
    const std::size_t g = logits.size();
    if (!group.is_object() || !group.contains("name") || !group["name"].is_string() ||
        !group.contains("logit") || !group["logit"].is_number())
      throw InputError(source, 0, fmt::format("group {} lacks a \"name\" or a \"logit\"", g));
    const double logit = group["logit"].get<double>();
    if (!std::isfinite(logit))
      throw InputError(source, 0, fmt::format("group {}: logit {} is not finite", g, logit));
    ParamGroup read{group["name"].get<std::string>(), {}};
    if (group.contains("params")) {
      if (!group["params"].is_array())
        throw InputError(source, 0, fmt::format("group {}: \"params\" is not a list", g));
      for (const auto& p : group["params"]) {
        if (!p.is_string())
          throw InputError(source, 0, fmt::format("group {}: a parameter name is not text", g));
        read.params.push_back(p.get<std::string>());
      }
    }
    record.groups.push_back(std::move(read));
    logits.push_back(static_cast<float>(logit));
  }
  if (logits.empty()) throw InputError(source, 0, "no groups");
  record.logits = torch::tensor(logits, torch::kFloat32);
  for (const auto& [key, value] : j.items())
    if (key != "filter" && key != "groups") record.details[key] = value;
  return record;
}

void check_same_groups(const WeightFindRecord& record, LayerFilter filter,
                       const std::vector<ParamGroup>& groups, const std::string& source) {
  if (record.filter != filter)
    throw InputError(source, 0,
                     fmt::format("holds {} groups, but this run groups by {}",
                                 layer_filter_name(record.filter), layer_filter_name(filter)));
  std::vector<std::string> differences;
  const std::size_t n = std::max(record.groups.size(), groups.size());
  for (std::size_t g = 0; g < n; ++g) {
    const std::string have = g < record.groups.size() ? record.groups[g].name : "(none)";
    const std::string want = g < groups.size() ? groups[g].name : "(none)";
    if (have != want) {
      differences.push_back(fmt::format("group {} is {}, the model's {}", g, have, want));
    } else if (!record.groups[g].params.empty() && record.groups[g].params != groups[g].params) {
      differences.push_back(fmt::format("group {} ({}) holds other parameters", g, have));
    }
  }
  if (!differences.empty())
    throw InputError(source, 0,
                     fmt::format("its groups are not the model's ({} vs {}): {}",
                                 record.groups.size(), groups.size(), list_names(differences, 5)));
}

}  // namespace mcplm
