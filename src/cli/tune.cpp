#include "mcplm/train/tune.h"

#include <iostream>

#include "commands.h"
#include "mcplm/model/adapter.h"
#include "options.h"

namespace mcplm::cli {

namespace {

struct TuneFlags {
  TuneOptions options;
  DistributedOptions dist;
  std::string method = "model", adapter_type = "houlsby";
  bool no_predict = false, no_optimizer_state = false;
};

// The flags a tune-like command cannot run without.
constexpr const char* kRequiredFlags[] = {"--model", "--task-dir", "--output-dir"};

// `required`: false when the command has subcommands of its own, which must
// parse without these flags (the callback checks them then).
CLI::App* add_tune_like(CLI::App& app, const std::string& name, const std::string& help,
                        const std::shared_ptr<TuneFlags>& f, bool required = true) {
  TuneOptions& o = f->options;
  auto* cmd = app.add_subcommand(name, help);
  add_model_options(cmd, o.setup, required);
  add_task_options(cmd, o.task);
  add_eval_options(cmd, o.eval);
  cmd->add_option("--task-dir", o.task_dir, "task directory with {task}_{train,dev,test}.tsv")
      ->required(required);
  cmd->add_option("--output-dir", o.output_dir, "sweep directory (one run directory per cell)")
      ->required(required);
  cmd->add_option("--method,--tune-method", f->method, "model: all parameters; adapter: adapters")
      ->check(CLI::IsMember({"model", "adapter"}))
      ->capture_default_str();
  cmd->add_option("--adapter-type", f->adapter_type, "houlsby | pfeiffer (T5)")
      ->check(CLI::IsMember({"houlsby", "pfeiffer"}))
      ->capture_default_str();
  cmd->add_option("--adapter-size", o.setup.adapters.size, "T5 adapter bottleneck r")
      ->capture_default_str();
  cmd->add_option("--r-mean", o.setup.adapters.r_mean, "mean of the adapter draws")
      ->capture_default_str();
  cmd->add_option("--r-std", o.setup.adapters.r_std, "std of the adapter draws")
      ->capture_default_str();
  cmd->add_option("--roberta-adapter-size", o.setup.roberta_adapter_size,
                  "RoBERTa adapter bottleneck")
      ->capture_default_str();
  cmd->add_option("--lr,--learning-rate-list", o.learning_rates, "learning rate(s) to sweep")
      ->capture_default_str();
  cmd->add_option("--bsz,--bsz-list", o.batch_sizes,
                  "batch size(s) to sweep; above 16, accumulated in micro-batches of 16")
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "data order, dropout and answer draws")->capture_default_str();
  cmd->add_option("--init-seed,--load-init-seed", o.init_seed,
                  "seed of the initial adapter/head draws (default: --seed)");
  cmd->add_option("--init-from", o.init_from, "start the tuned parameters from a checkpoint");
  cmd->add_option("--train-iters", o.train_iters, "number of updates");
  cmd->add_option("--train-epochs", o.train_epochs, "epochs (when --train-iters is not given)");
  cmd->add_option("--valid-interval", o.valid_interval, "validate every N updates (0: at the end)")
      ->capture_default_str();
  cmd->add_option("--output-interval", o.output_interval, "save checkpoint@N every N updates")
      ->capture_default_str();
  cmd->add_option("--log-interval", o.log_interval, "log the train loss every N updates")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--early-stop", o.early_stop, "stop after N validations without improvement")
      ->capture_default_str();
  add_optimizer_options(cmd, o.optim);
  cmd->add_flag("--no-predict", f->no_predict, "skip the test evaluation at the end");
  cmd->add_flag("--no-optimizer-state", f->no_optimizer_state,
                "do not write checkpoint@N.optim.safetensors (no --resume from them)");
  cmd->add_flag("--resume", o.resume, "continue each run from its newest resumable checkpoint");
  cmd->add_flag("--quiet", o.quiet, "no progress bar or log echo");
  add_distributed_options(cmd, f->dist);
  return cmd;
}

void run(const std::shared_ptr<TuneFlags>& f) {
  TuneOptions o = f->options;
  o.setup.method = parse_tuning_method(f->method);
  o.setup.adapters.type = parse_adapter_type(f->adapter_type);
  o.do_predict = !f->no_predict;
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
  split_cmd->add_option("--split", split->options.task.split, "1: first half, 2: second half")
      ->required()
      ->check(CLI::IsMember({1, 2}));
  split_cmd->callback([split] { run(split); });

  auto carto = std::make_shared<TuneFlags>();
  auto* carto_cmd = add_tune_like(app, "cartography",
                                  "tune and, after every epoch, score every training example "
                                  "into cartography.json, td_metrics.jsonl and datamap.svg",
                                  carto, /*required=*/false);
  auto* analyze = add_cartography_analyze_command(*carto_cmd);
  carto_cmd->callback([carto, carto_cmd, analyze] {
    if (analyze->parsed()) return;
    for (const char* flag : kRequiredFlags)
      if (carto_cmd->count(flag) == 0) throw CLI::RequiredError(flag);
    carto->options.cartography = true;
    carto->options.output_interval = 0;
    carto->options.valid_interval = 0;
    run(carto);
  });
}

}  // namespace mcplm::cli
