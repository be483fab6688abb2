// `mcplm forward`: one batch from a safetensors file through a model, outputs to
// another safetensors file, to compare mcplm with Python on real checkpoints.
#pragma once
#include <filesystem>
#include <string>

#include "mcplm/core/param_set.h"
#include "mcplm/model/lora.h"
#include "mcplm/model/t5.h"

namespace mcplm {

struct ForwardFileOptions {
  std::filesystem::path model_dir;  // Hugging Face directory (config.json + weights)
  std::filesystem::path adapters;   // optional adapter or LoRA checkpoint
  LoraConfig lora;                  // what a LoRA checkpoint does not record (--lora-alpha)
  // T5: input_ids, attention_mask[, labels, decoder_attention_mask];
  // RoBERTa: input_ids[, attention_mask, token_type_ids, labels]
  std::filesystem::path inputs;
  std::filesystem::path output;
  int64_t generate_max_length = 0;  // > 0: also greedy-decode, this many tokens with the start
  c10::Device device = c10::kCPU;   // where the model runs; outputs are written from the CPU
};

// Dispatches on config.json's model_type and writes the outputs (eval mode, no
// gradients): T5 as below, RoBERTa as roberta_forward_tensors (logits,
// last_hidden_state, loss with labels). Returns a note for the user ("" or
// what was freshly initialised, e.g. a RoBERTa head).
std::string run_forward_file(const ForwardFileOptions& options);

// The T5 outputs for `inputs` (named as in the file; errors name `source`):
// encoder_last_hidden_state; with labels also logits, loss [1], token_loss; with
// generate_max_length > 0 also generated. The inputs go to the model's device;
// the outputs stay there.
ParamSet t5_forward_outputs(T5ForConditionalGeneration& model, const ParamSet& inputs,
                            const std::string& source, int64_t generate_max_length);

}  // namespace mcplm
