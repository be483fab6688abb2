#include <iostream>

#include "commands.h"
#include "mcplm/connect/curve_training.h"
#include "options.h"

namespace mcplm::cli {

void add_curve_command(CLI::App& app) {
  auto o = std::make_shared<CurveOptions>();
  o->train_iters = 10000;  // the original's curve runs
  auto kind = std::make_shared<std::string>("bezier");
  auto* cmd = app.add_subcommand(
      "curve",
      "train a low-loss Bézier or poly-chain curve between two checkpoints, then evaluate it");
  add_model_options(cmd, o->setup);
  add_task_options(cmd, o->task);
  add_eval_options(cmd, o->eval);
  cmd->add_option("--ckpt1", o->ckpt1, "start of the curve (t = 0)")->required();
  cmd->add_option("--ckpt2", o->ckpt2, "end of the curve (t = 1)")->required();
  cmd->add_option("--task-dir", o->task_dir, "task directory with {task}_{train,dev,test}.tsv")
      ->required();
  cmd->add_option("--output-dir", o->output_dir,
                  "where curve.safetensors, the training log and the path outputs go")
      ->required();
  cmd->add_option("--method", o->method, "adapter | model (default: from the checkpoints)")
      ->check(CLI::IsMember({"adapter", "model"}));
  cmd->add_option("--kind", *kind, "bezier | polychain")
      ->check(CLI::IsMember({"bezier", "polychain"}))
      ->capture_default_str();
  cmd->add_option("--bends", o->bends, "number of trainable bends (control points)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--init", o->init,
                  "midpoint: bends on the line between the ends; random: fresh draws as tune "
                  "starts from (adapters N(r_mean, r_std))")
      ->check(CLI::IsMember({"midpoint", "random"}))
      ->capture_default_str();
  cmd->add_option("--r-mean", o->setup.adapters.r_mean, "mean of random adapter draws")
      ->capture_default_str();
  cmd->add_option("--r-std", o->setup.adapters.r_std, "std of random adapter draws")
      ->capture_default_str();
  cmd->add_option("--lr,--learning-rate", o->lr, "learning rate")->capture_default_str();
  cmd->add_option("--bsz", o->bsz, "batch size; above 16, accumulated in micro-batches of 16")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "data order, dropout, draws of t and of random bends")
      ->capture_default_str();
  cmd->add_option("--train-iters", o->train_iters, "number of updates")->capture_default_str();
  cmd->add_option("--train-epochs", o->train_epochs, "epochs (when --train-iters is not given)");
  cmd->add_option("--log-interval", o->log_interval, "log the train loss every N updates")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  add_optimizer_options(cmd, o->optim);
  cmd->add_option("--points", o->points, "evaluation points of t, both ends included")
      ->check(CLI::Range(2, 100000))
      ->capture_default_str();
  cmd->add_flag(
      "--no-predict", [o](int64_t) { o->do_predict = false; },
      "evaluate the dev file only, not the test file");
  cmd->add_flag("--compare-linear", o->compare_linear,
                "also evaluate the linear path between the ends (into OUT/linear) and overlay "
                "it in the plot");
  cmd->add_option("--save-interval", o->save_interval,
                  "save the curve and its resume state every N updates (0: only at the end "
                  "and on Ctrl-C)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_flag("--resume", o->resume,
                "continue the run in --output-dir where it stopped (training, then the points "
                "not yet evaluated)");
  cmd->add_flag("--quiet", o->quiet, "no progress bar or log echo");
  cmd->parse_complete_callback([cmd, o, kind] {
    o->kind = parse_curve_kind(*kind);
    if (cmd->count("--train-epochs") && !cmd->count("--train-iters")) o->train_iters = 0;
  });
  cmd->callback([o] { run_curve(*o, std::cout); });
}

}  // namespace mcplm::cli
