#include <fmt/format.h>

#include "commands.h"
#include "mcplm/connect/distance.h"
#include "options.h"

namespace mcplm::cli {

void add_dist_command(CLI::App& app) {
  struct Options {
    std::string input1, input2, output;
    TuningMethod type = TuningMethod::Adapter;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "dist", "L2 distance, cosine similarity, count and RMS distance of two checkpoints");
  cmd->add_option("--input1", opts->input1, "first checkpoint (safetensors, HF dir, .bin, .pt)")
      ->required();
  cmd->add_option("--input2", opts->input2, "second checkpoint")->required();
  add_choice(cmd, "--type", opts->type, method_choices(), "entry of an original .pt checkpoint");
  cmd->add_option("--output", opts->output, "directory for distance.txt and distance.json");
  cmd->callback([opts] {
    const Distance d = checkpoint_distance(opts->input1, opts->input2, opts->type);
    fmt::print(
        "L2 distance:      {:.6g}\ncosine:           {:.6g}\nparameters:       {}\n"
        "RMS distance:     {:.6g}\n",
        d.l2, d.cosine, d.count, d.rms);
    if (!opts->output.empty()) write_distance(opts->output, d);
  });
}

}  // namespace mcplm::cli
