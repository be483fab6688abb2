// Reading and writing T5 models as Hugging Face directories.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "mcplm/io/load_params.h"
#include "mcplm/model/t5.h"

namespace mcplm {

// Copies a Hugging Face state dict into `model`, as transformers' from_pretrained
// accepts it: tied models may omit lm_head.weight; the encoder/decoder
// embed_tokens copies of `shared` and decoder.block.0.layer.1.EncDecAttention.
// relative_attention_bias.weight are ignored when present. Any other missing
// (adapters aside) or unexpected name, or a shape mismatch, is an InputError
// naming `source` and listing them.
void load_t5_weights(T5ForConditionalGeneration& model, const ParamSet& weights,
                     const std::string& source);

// config.json and the weights of a Hugging Face directory. Adapters, if any,
// keep their initial (zero) values: load or draw them afterwards.
std::shared_ptr<T5ForConditionalGeneration> load_t5(const std::filesystem::path& dir,
                                                    const AdapterConfig& adapters = {});

// The adapter configuration an adapter checkpoint was made with: the type from
// metadata `adapter_type` or, without it, from the names (adapters in
// layer.0 = Houlsby, FFN only = Pfeiffer); the size from adapter_A's columns.
AdapterConfig infer_t5_adapter_config(const LoadedParams& adapters, const std::string& source);

// A base model from `dir` with the adapters of `adapter_file` (safetensors or an
// original .pt with an `adapter` entry); every adapter must be in the file.
// A file of LoRA factors loads as load_t5_with_lora with `lora` as fallback.
std::shared_ptr<T5ForConditionalGeneration> load_t5_with_adapters(
    const std::filesystem::path& dir, const std::filesystem::path& adapter_file,
    const LoraConfig& lora = {});

// A base model from `dir` with LoRA attached as `factors` were made
// (lora_config_of; `fallback` for what they do not record) and set to them;
// every factor must be there. Errors name `source`.
std::shared_ptr<T5ForConditionalGeneration> load_t5_with_lora(const std::filesystem::path& dir,
                                                              const LoadedParams& factors,
                                                              const LoraConfig& fallback,
                                                              const std::string& source);

// config.json and model.safetensors (all named parameters; like transformers'
// safetensors writer, the tied copies of `shared` are not written).
void save_t5(T5ForConditionalGeneration& model, const std::filesystem::path& dir);

}  // namespace mcplm
