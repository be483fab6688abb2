#include "mcplm/config/model_family.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"

namespace mcplm {

namespace fs = std::filesystem;

const char* model_family_name(ModelFamily family) {
  return family == ModelFamily::T5 ? "t5" : "roberta";
}

ModelFamily read_model_family(const fs::path& model_dir) {
  const fs::path config = model_dir / "config.json";
  std::ifstream in(config);
  if (!in)
    throw InputError(config.string(), 0, "no such file (not a Hugging Face model directory?)");
  auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object())
    throw InputError(config.string(), 0, "not a JSON object");
  if (json.contains("model_type") && !json["model_type"].is_string())
    throw InputError(config.string(), 0, "model_type is not a string");
  const std::string type = json.value("model_type", "");
  if (type == "t5") return ModelFamily::T5;
  if (type == "roberta") return ModelFamily::Roberta;
  throw InputError(config.string(), 0,
                   "model_type '" + type + "' is not supported (mcplm knows t5 and roberta)");
}

}  // namespace mcplm
