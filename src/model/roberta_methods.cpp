#include "mcplm/model/roberta_methods.h"

#include "mcplm/core/error.h"

namespace mcplm {

namespace {
bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }
}  // namespace

bool is_roberta_adapter_tuned(const std::string& name) {
  return contains(name, ".adapter.") || contains(name, ".LayerNorm.") ||
         name.rfind("classifier.", 0) == 0;
}

NameFilter roberta_method_filter(const std::string& method) {
  if (method == "model") return [](const std::string&) { return true; };
  if (method == "adapter") return is_roberta_adapter_tuned;
  throw InputError("unknown tuning method '" + method + "' (model, adapter)");
}

}  // namespace mcplm
