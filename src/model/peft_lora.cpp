#include "mcplm/model/peft_lora.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/json_file.h"
#include "mcplm/io/safetensors.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

constexpr const char* kConfigFile = "adapter_config.json";
constexpr const char* kWeightsFile = "adapter_model.safetensors";
const std::string kPrefix = "base_model.model.";

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The modules mcplm's LoRA adapts, per family (the original's apply_lora).
std::set<std::string> lora_targets(ModelFamily family) {
  return family == ModelFamily::T5 ? std::set<std::string>{"q", "v"}
                                   : std::set<std::string>{"query", "value"};
}

// The family whose targets `targets` are; InputError otherwise.
ModelFamily family_of_targets(const std::set<std::string>& targets, const std::string& source) {
  for (ModelFamily family : {ModelFamily::T5, ModelFamily::Roberta})
    if (targets == lora_targets(family)) return family;
  throw InputError(source, 0,
                   fmt::format("target_modules {} are not supported: mcplm's LoRA is on q and v "
                               "(T5) or query and value (RoBERTa)",
                               fmt::join(targets, ", ")));
}

template <typename T>
T config_value(const nlohmann::json& config, const char* key, T fallback,
               const std::string& source) {
  if (!config.contains(key) || config[key].is_null()) return fallback;
  try {
    return config[key].get<T>();
  } catch (const nlohmann::json::exception&) {
    throw InputError(source, 0, fmt::format("'{}' has the wrong type", key));
  }
}

}  // namespace

bool is_peft_lora_dir(const fs::path& path) {
  return fs::is_directory(path) && fs::exists(path / kConfigFile);
}

LoadedParams read_peft_lora(const fs::path& dir) {
  const std::string config_source = (dir / kConfigFile).string();
  const nlohmann::json config = read_json_file(dir / kConfigFile);
  if (!config.is_object()) throw InputError(config_source, 0, "not a JSON object");
  const std::string type = config_value<std::string>(config, "peft_type", "LORA", config_source);
  if (type != "LORA") throw InputError(config_source, 0, "peft_type " + type + " is not LORA");
  if (!config.contains("target_modules") || !config["target_modules"].is_array())
    throw InputError(config_source, 0,
                     "target_modules must be a list of module names (q, v or query, value)");
  const auto targets =
      config_value<std::set<std::string>>(config, "target_modules", {}, config_source);
  family_of_targets(targets, config_source);
  if (config_value<bool>(config, "use_rslora", false, config_source))
    throw InputError(config_source, 0, "use_rslora (scaling alpha/√r) is not supported");
  if (config_value<bool>(config, "use_dora", false, config_source))
    throw InputError(config_source, 0, "use_dora is not supported");
  if (config_value<std::string>(config, "bias", "none", config_source) != "none")
    throw InputError(config_source, 0, "bias other than none is not supported");
  if (config_value<bool>(config, "fan_in_fan_out", false, config_source))
    throw InputError(config_source, 0, "fan_in_fan_out is not supported");
  for (const char* key : {"rank_pattern", "alpha_pattern"})
    if (config.contains(key) && config[key].is_object() && !config[key].empty())
      throw InputError(config_source, 0, std::string(key) + " is not supported");
  const auto r = config_value<int64_t>(config, "r", 8, config_source);
  const auto alpha = config_value<double>(config, "lora_alpha", 8.0, config_source);
  const auto dropout = config_value<double>(config, "lora_dropout", 0.0, config_source);
  if (r <= 0) throw InputError(config_source, 0, "r must be positive");

  const std::string weights_source = (dir / kWeightsFile).string();
  const SafetensorsFile file = read_safetensors(dir / kWeightsFile);
  LoadedParams out;
  for (const auto& [peft_name, tensor] : file.tensors) {
    std::string name =
        peft_name.rfind(kPrefix, 0) == 0 ? peft_name.substr(kPrefix.size()) : peft_name;
    for (const char* factor : {".lora_A", ".lora_B"}) {
      const std::string suffix = std::string(factor) + ".weight";
      if (!ends_with(name, suffix)) continue;
      const std::string module = name.substr(0, name.size() - suffix.size());
      const std::string leaf = module.substr(module.rfind('.') + 1);
      if (!targets.count(leaf))
        throw InputError(weights_source, 0, peft_name + " adapts a module outside target_modules");
      const bool is_A = factor == std::string(".lora_A");
      if (tensor.dim() != 2 || tensor.size(is_A ? 0 : 1) != r)
        throw InputError(
            weights_source, 0,
            fmt::format("{} is not [{}] (r = {})", peft_name, is_A ? "r, in" : "out, r", r));
      name = module + factor;
      out.params.set(name, tensor.t().contiguous());  // [in, r] / [r, out]
    }
    if (!out.params.contains(name)) out.params.set(name, tensor);
  }
  if (lora_rank(out.params) == 0)
    throw InputError(weights_source, 0, "holds no LoRA factors (names ending in .lora_A.weight)");
  out.metadata = {{"method", "lora"},
                  {"lora_r", std::to_string(r)},
                  {"lora_alpha", fmt::format("{}", alpha)},
                  {"lora_dropout", fmt::format("{}", dropout)},
                  {"source", "peft " + dir.string()}};
  return out;
}

LoadedParams load_tuned_params(const fs::path& path, const std::string& entry) {
  return is_peft_lora_dir(path) ? read_peft_lora(path) : load_params(path, entry);
}

void write_peft_lora(const fs::path& dir, const ParamSet& tuned, const LoraConfig& lora,
                     ModelFamily family, const std::string& base_model) {
  ParamSet tensors;
  std::vector<std::string> saved_modules;
  for (const auto& [name, tensor] : tuned) {
    torch::Tensor t = tensor.detach().to(torch::kCPU);
    if (is_lora_factor(name)) {
      tensors.set(kPrefix + name + ".weight", t.t().contiguous());  // [r, in] / [out, r]
    } else {
      tensors.set(kPrefix + name, t.contiguous());
      const std::string top = name.substr(0, name.find('.'));
      if (std::find(saved_modules.begin(), saved_modules.end(), top) == saved_modules.end())
        saved_modules.push_back(top);
    }
  }
  const auto targets = lora_targets(family);
  nlohmann::json config = {
      {"peft_type", "LORA"},
      {"task_type", family == ModelFamily::T5 ? "SEQ_2_SEQ_LM" : "SEQ_CLS"},
      {"base_model_name_or_path", base_model},
      {"r", lora.r},
      {"lora_alpha", lora.alpha},
      {"lora_dropout", lora.dropout},
      {"target_modules", std::vector<std::string>(targets.begin(), targets.end())},
      {"bias", "none"},
      {"fan_in_fan_out", false},
      {"inference_mode", true},
      {"use_rslora", false},
      {"modules_to_save",
       saved_modules.empty() ? nlohmann::json(nullptr) : nlohmann::json(saved_modules)}};
  fs::create_directories(dir);
  write_safetensors(dir / kWeightsFile, tensors, {{"format", "pt"}});
  write_text_atomically(dir / kConfigFile, config.dump(2) + "\n");
}

void export_peft_lora(const fs::path& model_dir, const fs::path& checkpoint,
                      const fs::path& out_dir, const LoraConfig& fallback) {
  const LoadedParams tuned = load_tuned_params(checkpoint, "lora");
  const LoraConfig lora = lora_config_of(tuned, fallback, checkpoint.string());
  write_peft_lora(out_dir, tuned.params, lora, read_model_family(model_dir), model_dir.string());
}

}  // namespace mcplm
