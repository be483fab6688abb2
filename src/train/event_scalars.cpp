#include "mcplm/train/event_scalars.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace mcplm {

std::optional<StepScalars> event_scalars(const nlohmann::json& event) {
  static const std::map<std::string, std::string> kSections{
      {"train", "train"}, {"valid", "dev"}, {"test", "test"}};
  if (!event.is_object() || !event.contains("event") || !event["event"].is_string() ||
      !event.contains("updates") || !event["updates"].is_number_integer())
    return std::nullopt;
  const auto section = kSections.find(event["event"].get<std::string>());
  if (section == kSections.end()) return std::nullopt;
  StepScalars out{event["updates"].get<int64_t>(), {}};
  for (const auto& [key, value] : event.items()) {
    if (key == "updates" || !value.is_number()) continue;
    const bool metric_value =
        key == "value" && event.contains("metric") && event["metric"].is_string();
    const std::string name = metric_value ? event["metric"].get<std::string>() : key;
    out.scalars.push_back({section->second + "/" + name, value.get<float>()});
  }
  return out;
}

}  // namespace mcplm
