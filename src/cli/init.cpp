#include <iostream>

#include "commands.h"
#include "mcplm/model/init_model.h"
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
    std::cout << "wrote " << model_family_name(o->family) << " model to " << o->out_dir.string() << "\n";
  });
}

void add_export_command(CLI::App& app) {
  struct Options {
    std::filesystem::path model, checkpoint, out;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "export", "write a full-model checkpoint as a Hugging Face model directory (T5 or RoBERTa)");
  cmd->add_option("--model", o->model, "the base model directory the checkpoint was tuned from")
      ->required();
  cmd->add_option("--checkpoint", o->checkpoint, "a `tune --method model` checkpoint")->required();
  cmd->add_option("--out", o->out, "output model directory")->required();
  cmd->callback([o] {
    export_model_dir(o->model, o->checkpoint, o->out);
    std::cout << "wrote " << o->out.string() << "\n";
  });
}

}  // namespace mcplm::cli
