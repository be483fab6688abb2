#include "mcplm/train/run_options.h"

#include <fmt/format.h>

namespace mcplm {

std::string options_that_differ(const nlohmann::json& recorded, const nlohmann::json& now) {
  if (!recorded.is_object()) return "";
  std::string differ;
  for (const auto& [key, value] : now.items()) {
    if (!recorded.contains(key) || recorded[key] == value) continue;
    differ += fmt::format("{}{} {} (now {})", differ.empty() ? "" : ", ", key,
                          recorded[key].dump(), value.dump());
  }
  return differ;
}

}  // namespace mcplm
