#include "mcplm/config/original_json_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

// Config key → mcplm flag, where the value carries over as it is.
const std::map<std::string, std::string>& renamed() {
  static const std::map<std::string, std::string> names = {
      {"model_name_or_path", "model"},
      {"tokenizer_name", "tokenizer"},
      {"bottleneck_dim", "roberta-adapter-size"},
      {"learning_rate", "lr"},
      {"per_device_train_batch_size", "bsz"},
      {"per_device_eval_batch_size", "predict-batch-size"},
      {"max_source_length", "roberta-max-length"},
      {"max_steps", "train-iters"},
      {"warmup_steps", "warmup-steps"},
      {"eval_steps", "valid-interval"},
      {"save_steps", "output-interval"},
      {"seed", "seed"},
      {"output_dir", "output-dir"},
      {"path1", "ckpt1"},
      {"path2", "ckpt2"},
  };
  return names;
}

// Keys mcplm needs no equivalent of: it always trains, validates, tests and
// keeps the best dev checkpoint, tunes what the method implies, and reads the
// task from --task-dir.
const std::set<std::string>& unused() {
  static const std::set<std::string> keys = {"config_name",
                                             "dataset_config_name",
                                             "eval_dataset_config_name",
                                             "test_dataset_config_name",
                                             "eval_dataset_name",
                                             "test_dataset_name",
                                             "do_train",
                                             "do_eval",
                                             "do_test",
                                             "evaluation_strategy",
                                             "save_strategy",
                                             "save_total_limit",
                                             "greater_is_better",
                                             "load_best_model_at_end",
                                             "metric_for_best_model",
                                             "overwrite_output_dir",
                                             "predict_with_generate",
                                             "push_to_hub",
                                             "unfrozen_modules"};
  return keys;
}

// 1-based line of the first `"key"` in `text` (0 when not found).
std::size_t line_of(const std::string& text, const std::string& key) {
  const std::size_t at = text.find('"' + key + '"');
  if (at == std::string::npos) return 0;
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
}

// A scalar as it would be typed: strings bare, numbers and booleans in JSON.
std::string typed(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

std::vector<ConfigOption> original_json_config(const std::string& text, const std::string& file) {
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    throw InputError(file, 0, "not a JSON object (an original RoBERTa config)");
  // nlohmann sorts keys: order them as the file has them.
  std::vector<std::pair<std::size_t, std::string>> keys;
  for (const auto& [key, value] : j.items()) keys.emplace_back(line_of(text, key), key);
  std::sort(keys.begin(), keys.end());

  std::vector<ConfigOption> options;
  for (const auto& [line, key] : keys) {
    const nlohmann::json& value = j.at(key);
    if (unused().count(key)) continue;
    auto scalar = [&, line = line, key = key] {
      if (!value.is_primitive() || value.is_null())
        throw InputError(file, line, fmt::format("'{}' must be a string or a number", key));
      return typed(value);
    };
    if (key == "task_name") {
      options.push_back({"task-dir", {"data/glue-" + scalar()}, line});
    } else if (key == "delta_type") {
      static const std::map<std::string, std::string> methods = {
          {"adapter", "adapter"}, {"none", "model"}, {"lora", "lora"}};
      const auto method = methods.find(scalar());
      if (method == methods.end())
        throw InputError(file, line,
                         fmt::format("delta_type '{}': mcplm tunes adapter, none (the whole "
                                     "model) or lora",
                                     scalar()));
      options.push_back({"method", {method->second}, line});
    } else if (auto to = renamed().find(key); to != renamed().end()) {
      options.push_back({to->second, {scalar()}, line});
    } else {
      throw InputError(file, line,
                       fmt::format("'{}' is not a key of the original's RoBERTa configs that "
                                   "mcplm reads (README: keys of the RoBERTa JSON configs)",
                                   key));
    }
  }
  return options;
}

}  // namespace mcplm
