#include <iostream>

#include "commands.h"
#include "mcplm/connect/curve_training.h"
#include "options.h"
#include "ranges.h"

namespace mcplm::cli {

void add_curve_command(CLI::App& app) {
  auto o = std::make_shared<CurveOptions>();
  o->train.train_iters = 10000;  // the original's curve runs
  auto* cmd = app.add_subcommand(
      "curve",
      "train a low-loss Bézier or poly-chain curve between two checkpoints, then evaluate it");
  add_training_options(cmd, o->train,
                       "where curve.safetensors, the training log and the path outputs go");
  cmd->add_option("--ckpt1", o->ckpt1, "start of the curve (t = 0)")->required();
  cmd->add_option("--ckpt2", o->ckpt2, "end of the curve (t = 1)")->required();
  add_choice(cmd, "--method", o->method, method_choices(),
             "adapter | model | lora (default: from the checkpoints)");
  add_lora_options(cmd, o->train.setup.lora, false);
  add_other_base_flag(cmd, o->train.setup);
  add_choice(cmd, "--kind", o->kind,
             Choices<CurveKind>{{"bezier", CurveKind::Bezier}, {"polychain", CurveKind::PolyChain}},
             "bezier | polychain");
  cmd->add_option("--bends", o->bends, "number of trainable bends (control points)")
      ->check(positive_integer(1000))
      ->capture_default_str();
  add_choice(cmd, "--init", o->init,
             Choices<BendInit>{{"midpoint", BendInit::Midpoint}, {"random", BendInit::Random}},
             "midpoint: bends on the line between the ends; random: fresh draws as tune "
             "starts from (adapters N(r_mean, r_std))");
  cmd->add_option("--r-mean", o->train.setup.adapters.r_mean, "mean of random adapter draws")
      ->capture_default_str()
      ->check(finite_real());
  cmd->add_option("--r-std", o->train.setup.adapters.r_std, "std of random adapter draws")
      ->capture_default_str()
      ->check(non_negative_real());
  cmd->add_option("--lr,--learning-rate", o->lr, "learning rate")
      ->capture_default_str()
      ->check(positive_real(kMaxLearningRate));
  cmd->add_option("--bsz", o->bsz, "batch size; above 16, accumulated in micro-batches of 16")
      ->check(positive_integer(kMaxBatchSize))
      ->capture_default_str();
  cmd->add_option("--points", o->points, "evaluation points of t, both ends included")
      ->check(integer_in(2, kMaxPathPoints))
      ->capture_default_str();
  cmd->add_flag("--compare-linear", o->compare_linear,
                "also evaluate the linear path between the ends (into OUT/linear) and overlay "
                "it in the plot");
  cmd->add_flag("--log-loss", o->log_loss,
                "draw the plot's loss on a log scale (default: when it spans more than two "
                "decades)");
  cmd->add_option("--save-interval", o->save_interval,
                  "save the curve and its resume state every N updates (0: only at the end "
                  "and on Ctrl-C)")
      ->check(non_negative_integer())
      ->capture_default_str();
  cmd->parse_complete_callback([cmd, o] {
    if (cmd->count("--train-epochs") && !cmd->count("--train-iters")) o->train.train_iters = 0;
  });
  cmd->callback([o] { run_curve(*o, std::cout); });
}

}  // namespace mcplm::cli
