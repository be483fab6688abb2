#include "mcplm/train/tune.h"

#include <iostream>

#include "commands.h"
#include "mcplm/model/adapter.h"
#include "options.h"
#include "ranges.h"

namespace mcplm::cli {

namespace {

struct TuneFlags {
  TuneOptions options;
  DistributedOptions dist;
  bool no_optimizer_state = false;
};

// The flags a tune-like command cannot run without.
constexpr const char* kRequiredFlags[] = {"--model", "--task-dir", "--output-dir"};

// `required`: false when the command has subcommands of its own, which must
// parse without these flags (the command checks them then).
CLI::App* add_tune_like(CLI::App& app, const std::string& name, const std::string& help,
                        const std::shared_ptr<TuneFlags>& f, bool required = true) {
  TuneOptions& o = f->options;
  ModelSetup& setup = o.train.setup;
  setup.adapters.type = AdapterType::Houlsby;
  auto* cmd = app.add_subcommand(name, help);
  add_training_options(cmd, o.train, "sweep directory (one run directory per cell)", required);
  add_choice(cmd, "--method,--tune-method", setup.method, method_choices(),
             "model: all parameters; adapter: adapters; lora: LoRA factors on q and v");
  add_lora_options(cmd, setup.lora, true);
  add_choice(
      cmd, "--adapter-type", setup.adapters.type,
      Choices<AdapterType>{{"houlsby", AdapterType::Houlsby}, {"pfeiffer", AdapterType::Pfeiffer}},
      "houlsby | pfeiffer (T5)");
  cmd->add_option("--adapter-size", setup.adapters.size, "T5 adapter bottleneck r")
      ->capture_default_str()
      ->check(positive_integer(kMaxAdapterSize));
  cmd->add_option("--r-mean", setup.adapters.r_mean, "mean of the adapter draws")
      ->capture_default_str()
      ->check(finite_real());
  cmd->add_option("--r-std", setup.adapters.r_std, "std of the adapter draws")
      ->capture_default_str()
      ->check(non_negative_real());
  cmd->add_option("--roberta-adapter-size", setup.roberta_adapter_size,
                  "RoBERTa adapter bottleneck")
      ->capture_default_str()
      ->check(positive_integer(kMaxAdapterSize));
  cmd->add_option("--lr,--learning-rate-list", o.learning_rates, "learning rate(s) to sweep")
      ->capture_default_str()
      ->check(positive_real(kMaxLearningRate));
  cmd->add_option("--bsz,--bsz-list", o.batch_sizes,
                  "batch size(s) to sweep; above 16, accumulated in micro-batches of 16")
      ->capture_default_str()
      ->check(positive_integer(kMaxBatchSize));
  cmd->add_option("--init-seed,--load-init-seed", o.init_seed,
                  "seed of the initial adapter/head draws (default: --seed)");
  cmd->add_option("--init-from", o.init_from, "start the tuned parameters from a checkpoint");
  add_other_base_flag(cmd, setup);
  cmd->add_option("--valid-interval", o.train.valid_interval,
                  "validate every N updates (0: at the end)")
      ->capture_default_str()
      ->check(non_negative_integer());
  cmd->add_option("--output-interval", o.output_interval, "save checkpoint@N every N updates")
      ->capture_default_str()
      ->check(non_negative_integer());
  cmd->add_option("--early-stop", o.train.early_stop,
                  "stop after N validations without improvement")
      ->capture_default_str()
      ->check(non_negative_integer());
  cmd->add_flag("--overwrite", o.overwrite,
                "train each cell again from the start, removing what an earlier run left in it");
  cmd->add_flag("--no-optimizer-state", f->no_optimizer_state,
                "do not write checkpoint@N.optim.safetensors (no --resume from them)");
  add_distributed_options(cmd, f->dist);
  return cmd;
}

void run(const std::shared_ptr<TuneFlags>& f) {
  TuneOptions o = f->options;
  o.save_optimizer_state = !f->no_optimizer_state;
  DistributedContext dist(resolve_rank_info(f->dist));
  dist.run([&] { run_tune(o, main_rank_stream(dist, std::cout), dist); });
}

}  // namespace

void add_tune_commands(CLI::App& app) {
  auto tune = std::make_shared<TuneFlags>();
  add_tune_like(app, "tune", "fine-tune (--method model) or adapter-tune one task", tune)
      ->callback([tune] { run(tune); });

  auto split = std::make_shared<TuneFlags>();
  auto* split_cmd =
      add_tune_like(app, "split-tune", "tune on one half of the training file", split);
  split_cmd->add_option("--split", split->options.train.task.split, "1: first half, 2: second half")
      ->required()
      ->check(CLI::IsMember({1, 2}));
  split_cmd->callback([split] { run(split); });

  auto carto = std::make_shared<TuneFlags>();
  auto* carto_cmd = add_tune_like(app, "cartography",
                                  "tune and, after every epoch, score every training example "
                                  "into cartography.json, td_metrics.jsonl and datamap.svg; "
                                  "validates and saves once, at the end",
                                  carto, /*required=*/false);
  auto* analyze = add_cartography_analyze_command(*carto_cmd);
  // Checked as the command line is parsed (so --check-args sees it too),
  // unless `analyze` is given.
  carto_cmd->parse_complete_callback([carto_cmd, analyze] {
    if (analyze->parsed()) return;
    for (const char* flag : kRequiredFlags)
      if (carto_cmd->count(flag) == 0) throw CLI::RequiredError(flag);
    for (const char* flag : {"--valid-interval", "--output-interval"})
      if (carto_cmd->count(flag))
        throw CLI::ValidationError(flag,
                                   "cartography validates and saves once, after the last "
                                   "epoch: leave it out");
  });
  carto_cmd->callback([carto, analyze] {
    if (analyze->parsed()) return;
    carto->options.train.valid_interval = 0;
    carto->options.output_interval = 0;
    carto->options.cartography = true;
    run(carto);
  });
}

}  // namespace mcplm::cli
