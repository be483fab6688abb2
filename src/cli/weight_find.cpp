#include "mcplm/connect/weight_find.h"

#include <iostream>

#include "commands.h"
#include "options.h"
#include "ranges.h"

namespace mcplm::cli {

void add_weight_find_command(CLI::App& app) {
  auto o = std::make_shared<WeightFindOptions>();
  auto dist = std::make_shared<DistributedOptions>();
  auto* cmd = app.add_subcommand(
      "weight-find",
      "learn per layer which of two fine-tuned models to take: one logit w per group of "
      "parameters, the model σ(w)·ckpt1 + (1 − σ(w))·ckpt2 (the original's weight-find)");
  add_training_options(cmd, o->train,
                       "sweep directory: one run directory per cell, result.csv, the best "
                       "cell's weight_find.json and weight_find.svg");
  cmd->get_option("--train-iters")->capture_default_str();
  cmd->get_option("--seed")->description(
      "data order and the logits' draws (no dropout: the model stays in evaluation mode, as "
      "the original's)");
  cmd->get_option("--max-grad-norm")
      ->description("gradient clipping norm of the logits (default 0.1, as the original)");
  cmd->get_option("--weight-decay")->description("weight decay of the logits (default 0)");
  cmd->add_option("--ckpt1", o->ckpt1, "first full model (α = σ(w) is its weight)")->required();
  cmd->add_option("--ckpt2", o->ckpt2, "second full model (weight 1 − α)")->required();
  add_choice(cmd, "--filter,--layer-filter", o->filter,
             Choices<LayerFilter>{{"block", LayerFilter::Block},
                                  {"layer", LayerFilter::Layer},
                                  {"weight", LayerFilter::Weight}},
             "block: one weight per block; layer: per layer of a block; weight: per tensor "
             "(outside the blocks, each tensor has its own)")
      ->default_str("")
      ->required();
  cmd->add_option("--init-std", o->init_std,
                  "the logits start from N(0, init-std²), drawn from --seed")
      ->check(non_negative_real())
      ->capture_default_str();
  cmd->add_option("--init-from", o->init_from,
                  "start from the logits of a weight_find.json (same filter and model)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--lr,--learning-rate-list", o->learning_rates, "learning rate(s) to sweep")
      ->capture_default_str()
      ->check(positive_real(kMaxLearningRate));
  cmd->add_option("--bsz,--bsz-list", o->batch_sizes,
                  "batch size(s) to sweep; above 8, accumulated in micro-batches of 8")
      ->check(positive_integer(kMaxBatchSize))
      ->capture_default_str();
  cmd->add_option("--valid-interval", o->train.valid_interval,
                  "validate every N updates (0: at the end); the best point is the found one")
      ->check(non_negative_integer())
      ->capture_default_str();
  cmd->add_option("--output-interval", o->output_interval,
                  "write weight_find@N.json and the resume state every N updates")
      ->check(non_negative_integer())
      ->capture_default_str();
  cmd->add_option("--early-stop", o->train.early_stop,
                  "stop after N validations without improvement")
      ->capture_default_str()
      ->check(non_negative_integer());
  cmd->add_option("--export", o->export_dir,
                  "write the found model (the best cell's) as a Hugging Face directory");
  add_distributed_options(cmd, *dist);
  cmd->parse_complete_callback([cmd, o] {
    if (cmd->count("--train-epochs") && !cmd->count("--train-iters")) o->train.train_iters = 0;
    if (cmd->count("--init-from") && cmd->count("--init-std"))
      throw CLI::ValidationError("--init-std", "the logits come from --init-from: leave it out");
  });
  cmd->callback([o, dist] {
    DistributedContext context(resolve_rank_info(*dist));
    context.run([&] { run_weight_find(*o, main_rank_stream(context, std::cout), context); });
  });
}

}  // namespace mcplm::cli
