#include <iostream>

#include "commands.h"
#include "mcplm/eval/forward_file.h"
#include "options.h"
#include "ranges.h"

namespace mcplm::cli {

void add_forward_command(CLI::App& app) {
  auto opts = std::make_shared<ForwardFileOptions>();
  auto* cmd = app.add_subcommand(
      "forward",
      "Run one batch through a model (eval mode) and save the outputs, to compare "
      "mcplm with Python on a checkpoint");
  cmd->add_option("--model", opts->model_dir,
                  "Hugging Face model directory (config.json + weights)")
      ->required();
  cmd->add_option("--adapters", opts->adapters,
                  "adapter or LoRA checkpoint (safetensors, or an original .pt with an `adapter` "
                  "entry); for RoBERTa any tuned set (adapters, LoRA, LayerNorms, classifier)");
  cmd->add_option("--inputs", opts->inputs,
                  "safetensors with input_ids, attention_mask and optionally labels, "
                  "decoder_attention_mask (T5) or token_type_ids (RoBERTa)")
      ->required();
  cmd->add_option("--output", opts->output,
                  "safetensors to write: T5 logits, loss, token_loss (with labels), "
                  "encoder_last_hidden_state, generated; RoBERTa logits, last_hidden_state, "
                  "loss (with labels)")
      ->required();
  add_lora_options(cmd, opts->lora, false);
  add_device_option(cmd, opts->device);
  cmd->add_option("--generate-max-length", opts->generate_max_length,
                  "also greedy-decode up to N tokens, counting the decoder start token")
      ->check(positive_integer());
  cmd->callback([opts] {
    const std::string note = run_forward_file(*opts);
    if (!note.empty()) std::cerr << "mcplm: " << note << "\n";
  });
}

}  // namespace mcplm::cli
