#include "mcplm/io/json_file.h"

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"

namespace mcplm {

nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::string bytes = read_file_bytes(path);
  auto json = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) throw InputError(path.string(), 0, "not valid JSON");
  return json;
}

}  // namespace mcplm
