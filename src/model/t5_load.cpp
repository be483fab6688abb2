#include "mcplm/model/t5_load.h"

#include <torch/torch.h>

#include <optional>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/config_weights_check.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/peft_lora.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

bool is_adapter(const std::string& name) { return name.find(".adapter.") != std::string::npos; }

bool is_embed_tokens_copy(const std::string& name) {
  return name == "encoder.embed_tokens.weight" || name == "decoder.embed_tokens.weight";
}

}  // namespace

void load_t5_weights(T5ForConditionalGeneration& model, const ParamSet& weights,
                     const std::string& source) {
  const ParamSet params = module_params(model);
  const bool tied = !model.lm_head;
  ParamSet accepted;
  std::vector<std::string> unexpected, missing;
  for (const auto& [name, tensor] : weights) {
    if (params.contains(name))
      accepted.set(name, tensor);
    else if (!(is_embed_tokens_copy(name) || (tied && name == "lm_head.weight") ||
               name == "decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight"))
      unexpected.push_back(name);
  }
  // A checkpoint that kept only an embed_tokens copy still holds `shared`.
  for (const char* copy : {"encoder.embed_tokens.weight", "decoder.embed_tokens.weight"})
    if (!accepted.contains("shared.weight") && weights.contains(copy))
      accepted.set("shared.weight", weights.at(copy));
  for (const auto& name : params.names())
    if (!accepted.contains(name) && !is_adapter(name) && !is_lora_factor(name))
      missing.push_back(name);
  if (!missing.empty() || !unexpected.empty()) {
    std::string what = "weights do not match the T5 config";
    if (!missing.empty()) what += "; missing: " + list_names(missing);
    if (!unexpected.empty()) what += "; unexpected: " + list_names(unexpected);
    throw InputError(source, 0, what);
  }
  assign_params(model, accepted, source);
}

std::shared_ptr<T5ForConditionalGeneration> load_t5(const fs::path& dir,
                                                    const AdapterConfig& adapters) {
  const fs::path config_file = dir / "config.json";
  const T5Config config = load_t5_config(config_file);
  const ParamSet weights = load_hf_weights(dir);
  check_t5_config_against_weights(config, weights, config_file.string());
  auto model = std::make_shared<T5ForConditionalGeneration>(config, adapters);
  load_t5_weights(*model, weights, dir.string());
  return model;
}

AdapterConfig infer_t5_adapter_config(const LoadedParams& adapters, const std::string& source) {
  const std::string suffix = ".adapter.adapter_A";
  std::optional<int64_t> size;
  bool attention_adapters = false;
  for (const auto& [name, tensor] : adapters.params) {
    if (name.find(".layer.0.adapter.") != std::string::npos) attention_adapters = true;
    if (!size && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      if (tensor.dim() != 2) throw InputError(source, 0, name + " is not a matrix");
      size = tensor.size(1);
    }
  }
  if (!size) throw InputError(source, 0, "no adapter weights (names ending in " + suffix + ")");
  AdapterConfig config;
  config.size = *size;
  auto type = adapters.metadata.find("adapter_type");
  if (type != adapters.metadata.end())
    config.type = parse_adapter_type(type->second);
  else
    config.type = attention_adapters ? AdapterType::Houlsby : AdapterType::Pfeiffer;
  return config;
}

std::shared_ptr<T5ForConditionalGeneration> load_t5_with_adapters(const fs::path& dir,
                                                                  const fs::path& adapter_file,
                                                                  const LoraConfig& lora) {
  LoadedParams adapters = load_tuned_params(adapter_file, "adapter");
  if (lora_rank(adapters.params) > 0)
    return load_t5_with_lora(dir, adapters, lora, adapter_file.string());
  auto model = load_t5(dir, infer_t5_adapter_config(adapters, adapter_file.string()));
  std::vector<std::string> missing;
  for (const auto& name : module_params(*model).names())
    if (is_adapter(name) && !adapters.params.contains(name)) missing.push_back(name);
  if (!missing.empty())
    throw InputError(adapter_file.string(), 0, "adapters missing: " + list_names(missing));
  assign_params(*model, adapters.params, adapter_file.string());
  return model;
}

std::shared_ptr<T5ForConditionalGeneration> load_t5_with_lora(const fs::path& dir,
                                                              const LoadedParams& factors,
                                                              const LoraConfig& fallback,
                                                              const std::string& source) {
  auto model = load_t5(dir);
  model->attach_lora(lora_config_of(factors, fallback, source));
  std::vector<std::string> missing;
  for (const auto& name : module_params(*model).names())
    if (is_lora_factor(name) && !factors.params.contains(name)) missing.push_back(name);
  if (!missing.empty()) throw InputError(source, 0, "LoRA factors missing: " + list_names(missing));
  assign_params(*model, factors.params, source);
  return model;
}

void save_t5(T5ForConditionalGeneration& model, const fs::path& dir) {
  fs::create_directories(dir);
  write_text_atomically(dir / "config.json", t5_config_to_json(model.config()).dump(1) + "\n");
  ParamSet params;
  for (const auto& [name, tensor] : module_params(model))
    params.set(name, tensor.detach().to(torch::kCPU).contiguous());
  write_safetensors(dir / "model.safetensors", params, {{"format", "pt"}});
}

}  // namespace mcplm
