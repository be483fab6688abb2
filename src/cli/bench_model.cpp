#include <fmt/format.h>

#include "commands.h"
#include "mcplm/bench/model_bench.h"
#include "options.h"
#include "ranges.h"

namespace mcplm::cli {

namespace {

// A `bench` subcommand over random weights measuring what `opts` selects, for
// the model shapes in `configs`.
CLI::App* add_model_bench(CLI::App& bench, const char* name, const char* description,
                          std::shared_ptr<ModelBenchOptions> opts,
                          const std::vector<std::string>& configs, const char* config_help) {
  auto* cmd = bench.add_subcommand(name, description);
  cmd->add_option("--config", opts->config, config_help)
      ->check(CLI::IsMember(configs))
      ->capture_default_str();
  cmd->add_option("--iterations", opts->iterations, "timed runs of each measurement")
      ->check(positive_integer())
      ->capture_default_str();
  cmd->add_option("--warmup", opts->warmup, "untimed runs first")
      ->check(non_negative_integer())
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "seed of the random weights and inputs")
      ->capture_default_str();
  add_device_option(cmd, opts->device);
  add_precision_option(cmd, opts->precision);
  cmd->add_option("--profile", opts->profile_top,
                  "after timing, profile one run of each measurement and list this many "
                  "operators by self time (T5 shapes)");
  cmd->callback([opts] { fmt::print("{}", model_bench_report(*opts)); });
  return cmd;
}

}  // namespace

void add_bench_model_command(CLI::App& bench) {
  const std::vector<std::string> t5_shapes = {"tiny", "small", "base"};
  add_model_bench(bench, "model",
                  "ms per training step (fwd+bwd) and evaluation batch on random weights (T5, "
                  "with GFLOP/s against a matrix-product probe, or RoBERTa)",
                  std::make_shared<ModelBenchOptions>(),
                  {"tiny", "small", "base", "roberta-base", "roberta-tiny"},
                  "model shape: T5 tiny, small, base; RoBERTa roberta-base (bsz 32, length 128), "
                  "roberta-tiny");
  auto train = std::make_shared<ModelBenchOptions>();
  train->optimizer = true;
  add_model_bench(bench, "train",
                  "the T5 model benchmark plus gradient clipping and the Adafactor step: ms per "
                  "update and peak memory",
                  train, t5_shapes, "T5 model shape");
  auto eval = std::make_shared<ModelBenchOptions>();
  eval->train = false;
  auto* cmd = add_model_bench(
      bench, "eval", "ms per T5 evaluation batch (loss + greedy decoding) on random weights", eval,
      t5_shapes, "T5 model shape");
  cmd->add_flag("--compare-original", eval->compare_original,
                "also time the original's evaluation (padded inputs, a second encoder pass, "
                "cached greedy decoding as transformers' generate) and print the ratio");
  cmd->add_option("--max-input-length", eval->max_input_length, "what the original pads inputs to")
      ->check(positive_integer())
      ->capture_default_str();
}

}  // namespace mcplm::cli
