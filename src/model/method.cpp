#include "mcplm/model/method.h"

#include "mcplm/core/error.h"

namespace mcplm {

TuningMethod parse_tuning_method(const std::string& name) {
  if (name == "model") return TuningMethod::Model;
  if (name == "adapter") return TuningMethod::Adapter;
  throw InputError("method '" + name + "' is not one of model, adapter");
}

std::string tuning_method_name(TuningMethod method) {
  return method == TuningMethod::Model ? "model" : "adapter";
}

NameFilter t5_method_selector(TuningMethod method) {
  if (method == TuningMethod::Model) return [](const std::string&) { return true; };
  return [](const std::string& name) { return name.find("adapter") != std::string::npos; };
}

}  // namespace mcplm
