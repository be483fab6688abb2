// Tuning methods: which parameters train, are saved and are interpolated.
#pragma once
#include <functional>
#include <string>

namespace mcplm {

enum class TuningMethod {
  Model,    // every parameter
  Adapter,  // the adapters (T5: names containing "adapter")
};

// "model" / "adapter"; InputError otherwise.
TuningMethod parse_tuning_method(const std::string& name);
std::string tuning_method_name(TuningMethod method);

using NameFilter = std::function<bool(const std::string& name)>;

// The T5 parameters a method tunes.
NameFilter t5_method_selector(TuningMethod method);

}  // namespace mcplm
