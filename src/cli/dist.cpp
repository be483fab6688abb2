#include <fmt/format.h>

#include "commands.h"
#include "mcplm/connect/distance.h"
#include "options.h"

namespace mcplm::cli {

void add_dist_command(CLI::App& app) {
  struct Options {
    std::string input1, input2, output;
    TuningMethod type = TuningMethod::Adapter;
    LoraConfig lora;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "dist", "L2 distance, cosine similarity, count and RMS distance of two checkpoints");
  cmd->add_option("--input1", opts->input1, "first checkpoint (safetensors, HF dir, .bin, .pt)")
      ->required();
  cmd->add_option("--input2", opts->input2, "second checkpoint")->required();
  add_choice(cmd, "--type", opts->type, method_choices(), "entry of an original .pt checkpoint");
  cmd->add_option("--output", opts->output, "directory for distance.txt and distance.json");
  add_lora_options(cmd, opts->lora, false);
  cmd->callback([opts] {
    const CheckpointDistance d =
        checkpoint_distance(opts->input1, opts->input2, opts->type, opts->lora);
    auto print = [](const Distance& s) {
      fmt::print(
          "L2 distance:      {:.6g}\ncosine:           {:.6g}\nparameters:       {}\n"
          "RMS distance:     {:.6g}\n",
          s.l2, s.cosine, s.count, s.rms);
    };
    if (d.merged) fmt::print("LoRA factors:\n");
    print(d.stored);
    if (d.merged) {
      fmt::print("merged updates (A·B)ᵀ·alpha/r:\n");
      print(*d.merged);
    }
    if (!opts->output.empty()) write_distance(opts->output, d);
  });
}

}  // namespace mcplm::cli
