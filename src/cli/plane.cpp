#include "mcplm/connect/plane.h"

#include <iostream>

#include "commands.h"
#include "mcplm/connect/interpolation.h"
#include "options.h"
#include "ranges.h"

namespace mcplm::cli {

void add_plane_command(CLI::App& app) {
  auto o = std::make_shared<PlaneOptions>();
  auto shard = std::make_shared<std::string>();
  auto directions = std::make_shared<std::string>("plane");
  auto* cmd = app.add_subcommand(
      "plane",
      "evaluate the loss and metric over the plane through three solutions (two ends and a "
      "third run, or a curve's bend), or around one solution along two random directions");
  add_model_options(cmd, o->setup, /*model_required=*/false);
  add_task_options(cmd, o->task);
  add_eval_options(cmd, o->eval);
  cmd->add_option("--ckpt1", o->ckpt1, "θ1, the origin: mcplm checkpoint, HF dir or original .pt");
  cmd->add_option("--ckpt2", o->ckpt2, "θ2, along the plane's x axis");
  cmd->add_option("--ckpt3", o->ckpt3, "θ3, the third point of the plane");
  cmd->add_option("--curve", o->curve,
                  "a curve of `mcplm curve`: its first bend is the third point, its ends "
                  "default --ckpt1/--ckpt2, and it is drawn on the plane");
  cmd->add_option("--directions", *directions,
                  "plane: through --ckpt1/2/3 (or the curve); random: around --ckpt1 along two "
                  "random directions (loss-landscape)")
      ->check(CLI::IsMember({"plane", "random"}))
      ->capture_default_str();
  cmd->add_flag("--filter-norm", o->filter_norm,
                "random directions: scale each output row of each weight to that row's norm in "
                "θ1 (Li et al. 2018); one-dimensional tensors are zero in the directions anyway");
  cmd->add_option("--seed", o->seed, "random directions: the seed of their draws")
      ->capture_default_str();
  cmd->add_option("--range", o->range, "random directions: coefficients from -R to R")
      ->check(positive_real())
      ->capture_default_str();
  add_choice(cmd, "--method", o->method, method_choices(),
             "adapter | model | lora (default: from the checkpoints)");
  add_lora_options(cmd, o->setup.lora, false);
  add_lora_space_option(cmd, o->lora_space);
  add_other_base_flag(cmd, o->setup);
  cmd->add_option("--grid", o->grid,
                  "grid points: N (N x N) or NxM (N along x, M along y; random directions: "
                  "Nx1 is the 1-D slice)")
      ->capture_default_str();
  cmd->add_option("--margin", o->margin,
                  "widen the three points' bounding box by this share of its size on each side")
      ->check(non_negative_real())
      ->capture_default_str();
  cmd->add_option("--task-dir", o->task_dir, "task directory with {task}_{train,dev,test}.tsv");
  cmd->add_option("--output-dir", o->output_dir, "where the outputs go");
  cmd->add_flag("--do-valid", o->do_valid, "evaluate the dev file");
  cmd->add_flag("--do-predict", o->do_predict, "evaluate the test file");
  cmd->add_flag("--on-train", o->task.on_train, "evaluate the training file instead");
  cmd->add_flag("--resume", o->resume, "skip the grid points already in the output directory");
  cmd->add_option("--points-shard", *shard,
                  "i/n: evaluate only grid points with flat index = i mod n (assemble with "
                  "`plane merge`)");

  auto* merge = add_merge_command(cmd, merge_plane);

  // Flags required unless `merge` is given, checked as the line is parsed.
  cmd->parse_complete_callback([cmd, merge, o, shard, directions] {
    if (merge->parsed()) return;
    for (const char* flag : {"--model", "--task-dir", "--output-dir", "--ckpt1"})
      if (cmd->count(flag) == 0 && !(std::string(flag) == "--ckpt1" && cmd->count("--curve")))
        throw CLI::RequiredError(flag);
    o->random_directions = *directions == "random";
    if (o->random_directions) {
      for (const char* flag : {"--ckpt2", "--ckpt3", "--curve"})
        if (cmd->count(flag))
          throw CLI::ValidationError(flag, "random directions go around --ckpt1 alone");
    } else {
      if (cmd->count("--ckpt3") == cmd->count("--curve"))
        throw CLI::ValidationError("--ckpt3", "give the third point: --ckpt3 or --curve (one)");
      if (cmd->count("--ckpt2") == 0 && cmd->count("--curve") == 0)
        throw CLI::RequiredError("--ckpt2");
      for (const char* flag : {"--filter-norm", "--range"})
        if (cmd->count(flag)) throw CLI::ValidationError(flag, "goes with --directions random");
    }
    if (!shard->empty()) std::tie(o->shard_index, o->shard_count) = parse_shard(*shard);
  });
  cmd->callback([merge, o] {
    if (merge->parsed()) return;
    run_plane(*o, std::cout);
  });
}

}  // namespace mcplm::cli
