#include <iostream>

#include "commands.h"
#include "mcplm/model/init_model.h"
#include "mcplm/model/peft_lora.h"
#include "options.h"

namespace mcplm::cli {

void add_init_command(CLI::App& app) {
  auto o = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "write a randomly initialised model directory");
  add_choice(cmd, "--family", o->family,
             Choices<ModelFamily>{{"t5", ModelFamily::T5}, {"roberta", ModelFamily::Roberta}},
             "t5 | roberta");
  cmd->add_option("--config", o->config, "config.json-style file (vocab_size may be omitted)")
      ->required();
  cmd->add_option("--tokenizer", o->tokenizer_dir, "tokenizer directory to copy")->required();
  cmd->add_option("--out", o->out_dir, "output model directory")->required();
  cmd->add_option("--seed", o->seed, "seed of the weights")->capture_default_str();
  cmd->callback([o] {
    init_model_dir(*o);
    std::cout << "wrote " << model_family_name(o->family) << " model to " << o->out_dir.string()
              << "\n";
  });
}

void add_export_command(CLI::App& app) {
  struct Options {
    std::filesystem::path model, checkpoint, out, peft;
    LoraConfig lora;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "export",
      "write a full-model checkpoint as a Hugging Face model directory (T5 or RoBERTa), or a "
      "LoRA checkpoint as a peft LoRA directory (--peft)");
  cmd->add_option("--model", o->model, "the base model directory the checkpoint was tuned from")
      ->required();
  cmd->add_option("--checkpoint", o->checkpoint,
                  "a `tune --method model` checkpoint (with --peft: `tune --method lora`)")
      ->required();
  auto* out = cmd->add_option("--out", o->out, "output model directory");
  auto* peft = cmd->add_option("--peft", o->peft,
                               "write the LoRA checkpoint as a peft directory "
                               "(adapter_config.json, adapter_model.safetensors) here");
  out->excludes(peft);
  add_lora_options(cmd, o->lora, false);
  cmd->parse_complete_callback([cmd] {
    if (cmd->count("--out") + cmd->count("--peft") == 0)
      throw CLI::RequiredError("--out or --peft");
  });
  cmd->callback([o] {
    if (!o->peft.empty()) {
      export_peft_lora(o->model, o->checkpoint, o->peft, o->lora);
      std::cout << "wrote " << o->peft.string() << "\n";
      return;
    }
    export_model_dir(o->model, o->checkpoint, o->out);
    std::cout << "wrote " << o->out.string() << "\n";
  });
}

}  // namespace mcplm::cli
