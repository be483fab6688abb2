// LoRA runs of Hugging Face `peft`: a directory with adapter_config.json
// (peft_type LORA, r, lora_alpha, target_modules, lora_dropout) and
// adapter_model.safetensors, whose factors are nn.Linear weights:
//
//   base_model.model.encoder.block.0.layer.0.SelfAttention.q.lora_A.weight  [r, in]
//   base_model.model.encoder.block.0.layer.0.SelfAttention.q.lora_B.weight  [out, r]
//
// mcplm's are `encoder.block.0.layer.0.SelfAttention.q.lora_A` [in, r] and
// `.lora_B` [r, out] (the original's layout): the names lose the prefix and
// `.weight`, the factors are transposed. Other tensors (RoBERTa's
// classifier, a peft `modules_to_save`) keep their names without the prefix.
#pragma once
#include <filesystem>
#include <string>

#include "mcplm/config/model_family.h"
#include "mcplm/core/param_set.h"
#include "mcplm/io/load_params.h"
#include "mcplm/model/lora.h"

namespace mcplm {

// `path` is a directory holding adapter_config.json.
bool is_peft_lora_dir(const std::filesystem::path& path);

// The directory as a LoRA checkpoint in mcplm's names and layout, metadata
// method lora, lora_r, lora_alpha and lora_dropout from its config.
// InputError naming the file for what mcplm's LoRA cannot be: another
// peft_type, target modules other than q and v (T5) or query and value
// (RoBERTa), rsLoRA or DoRA, a bias, or factors of the wrong shapes.
LoadedParams read_peft_lora(const std::filesystem::path& dir);

// A tuned parameter file: a peft LoRA directory as read_peft_lora, anything
// else as load_params(path, entry).
LoadedParams load_tuned_params(const std::filesystem::path& path, const std::string& entry);

// Writes `tuned` (a LoRA checkpoint's tensors, mcplm's names) as peft writes
// a LoRA run of a model of `family` tuned from `base_model`.
void write_peft_lora(const std::filesystem::path& dir, const ParamSet& tuned,
                     const LoraConfig& lora, ModelFamily family, const std::string& base_model);

// `mcplm export --peft`: the LoRA checkpoint `checkpoint` (its r and alpha as
// lora_config_of, `fallback` for what it does not record) as a peft
// directory for the family of `model_dir`, its base model.
void export_peft_lora(const std::filesystem::path& model_dir,
                      const std::filesystem::path& checkpoint, const std::filesystem::path& out_dir,
                      const LoraConfig& fallback);

}  // namespace mcplm
