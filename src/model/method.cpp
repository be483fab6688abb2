#include "mcplm/model/method.h"

#include "mcplm/core/error.h"
#include "mcplm/model/lora.h"

namespace mcplm {

namespace {

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

bool roberta_adapter_tunes(const std::string& name) {
  return contains(name, ".adapter.") || contains(name, ".LayerNorm.") ||
         name.rfind("classifier.", 0) == 0;
}

}  // namespace

TuningMethod parse_tuning_method(const std::string& name) {
  if (name == "model") return TuningMethod::Model;
  if (name == "adapter") return TuningMethod::Adapter;
  if (name == "lora") return TuningMethod::Lora;
  throw InputError("method '" + name + "' is not one of model, adapter, lora");
}

std::string tuning_method_name(TuningMethod method) {
  switch (method) {
    case TuningMethod::Model:
      return "model";
    case TuningMethod::Adapter:
      return "adapter";
    case TuningMethod::Lora:
      break;
  }
  return "lora";
}

NameFilter tuned_by(ModelFamily family, TuningMethod method) {
  if (method == TuningMethod::Model) return [](const std::string&) { return true; };
  if (method == TuningMethod::Lora) {
    if (family == ModelFamily::Roberta)
      return [](const std::string& name) {
        return is_lora_factor(name) || name.rfind("classifier.", 0) == 0;
      };
    return is_lora_factor;
  }
  if (family == ModelFamily::Roberta) return roberta_adapter_tunes;
  return [](const std::string& name) { return contains(name, "adapter"); };
}

}  // namespace mcplm
