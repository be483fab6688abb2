#include "mcplm/model/method.h"

#include "mcplm/core/error.h"

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
  throw InputError("method '" + name + "' is not one of model, adapter");
}

std::string tuning_method_name(TuningMethod method) {
  return method == TuningMethod::Model ? "model" : "adapter";
}

NameFilter tuned_by(ModelFamily family, TuningMethod method) {
  if (method == TuningMethod::Model) return [](const std::string&) { return true; };
  if (family == ModelFamily::Roberta) return roberta_adapter_tunes;
  return [](const std::string& name) { return contains(name, "adapter"); };
}

}  // namespace mcplm
