#include <iostream>

#include "commands.h"
#include "mcplm/connect/interpolation.h"
#include "mcplm/connect/path_record.h"
#include "options.h"
#include "ranges.h"

namespace mcplm::cli {

void add_interpolate_command(CLI::App& app) {
  auto o = std::make_shared<InterpolateOptions>();
  auto shard = std::make_shared<std::string>();
  auto dist_options = std::make_shared<DistributedOptions>();
  auto* cmd = app.add_subcommand(
      "interpolate",
      "evaluate the linear path (1-x)·θ1 + x·θ2 between two checkpoints, or a trained curve");
  add_model_options(cmd, o->setup, /*model_required=*/false);
  add_task_options(cmd, o->task);
  add_eval_options(cmd, o->eval);
  cmd->add_option("--ckpt1", o->ckpt1,
                  "left end (x = 0): mcplm checkpoint, HF dir or original .pt");
  cmd->add_option("--ckpt2", o->ckpt2, "right end (x = 1)");
  cmd->add_option("--task-dir", o->task_dirs, "task directory (repeat for several tasks)");
  cmd->add_option("--output-dir", o->output_dir, "where the outputs go");
  cmd->add_option("--points", o->points,
                  "number of points including both ends (x is rounded to 3 decimals: at most 1001)")
      ->capture_default_str()
      ->check(integer_in(2, kMaxInterpolationPoints));
  add_choice(cmd, "--method", o->method, method_choices(),
             "adapter | model | lora (default: from the checkpoints)");
  cmd->add_flag("--do-valid", o->do_valid, "evaluate the dev file");
  cmd->add_flag("--do-predict", o->do_predict, "evaluate the test file");
  cmd->add_flag("--on-train", o->task.on_train,
                "evaluate the training file instead (forgetting analysis)");
  add_choice(
      cmd, "--head-from", o->head_from,
      Choices<HeadFrom>{{"auto", HeadFrom::Auto}, {"1", HeadFrom::First}, {"2", HeadFrom::Second}},
      "RoBERTa task boundary: classifier.out_proj from endpoint 1, 2 or auto");
  cmd->add_option("--curve", o->curve,
                  "evaluate this curve (curve.safetensors of `mcplm curve`) at x = t instead of "
                  "the line; --ckpt1/--ckpt2 default to the ends it names");
  cmd->add_flag("--compare-linear", o->compare_linear,
                "with --curve: also evaluate the linear path (into OUT/linear) and overlay it");
  add_lora_options(cmd, o->setup.lora, false);
  add_lora_space_option(cmd, o->lora_space);
  add_other_base_flag(cmd, o->setup);
  cmd->add_flag("--compare-factors", o->compare_factors,
                "with --lora-space merged: also evaluate the line between the factors (into "
                "OUT/factors) and overlay it")
      ->group("LoRA");
  cmd->add_flag("--log-loss", o->log_loss,
                "draw the plot's loss on a log scale (default: when it spans more than two "
                "decades)");
  cmd->add_flag("--resume", o->resume, "skip the points already in the output directory");
  cmd->add_flag("--tensorboard,!--no-tensorboard", o->tensorboard,
                "write TensorBoard event files into OUT/tb (per task: OUT/TASK/tb; " +
                    tensorboard_default() +
                    "): each point's metric and loss per split, tagged path/dev/METRIC, "
                    "path/dev/loss, path/test/..., at step = round(1000·x) (`tensorboard "
                    "--logdir OUT`)");
  cmd->add_option("--points-shard", *shard,
                  "i/n: evaluate only points with index = i mod n (assemble with `interpolate "
                  "merge`)");
  add_distributed_options(cmd, *dist_options);

  auto* merge = add_merge_command(cmd, merge_interpolation);

  // Flags required unless `merge` is given: checked as soon as the command
  // line is parsed, before any callback runs (so --check-args sees them).
  cmd->parse_complete_callback([cmd, merge, o, shard] {
    if (merge->parsed()) return;
    for (const char* flag : {"--model", "--task-dir", "--output-dir"})
      if (cmd->count(flag) == 0) throw CLI::RequiredError(flag);
    for (const char* flag : {"--ckpt1", "--ckpt2"})
      if (cmd->count(flag) == 0 && cmd->count("--curve") == 0) throw CLI::RequiredError(flag);
    if (cmd->count("--compare-linear") && cmd->count("--curve") == 0)
      throw CLI::ValidationError("--compare-linear", "needs --curve");
    if (!shard->empty()) std::tie(o->shard_index, o->shard_count) = parse_shard(*shard);
  });
  cmd->callback([merge, o, dist_options] {
    if (merge->parsed()) return;
    DistributedContext dist(resolve_rank_info(*dist_options));
    dist.run([&] { run_interpolation(*o, main_rank_stream(dist, std::cout), dist); });
  });
}

}  // namespace mcplm::cli
