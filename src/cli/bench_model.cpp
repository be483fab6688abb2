#include <fmt/format.h>

#include "commands.h"
#include "mcplm/report/model_bench.h"

namespace mcplm::cli {

namespace {

// A `bench` subcommand over random T5 weights measuring what `opts` selects.
CLI::App* add_model_bench(CLI::App& bench, const char* name, const char* description,
                          std::shared_ptr<ModelBenchOptions> opts) {
  auto* cmd = bench.add_subcommand(name, description);
  cmd->add_option("--config", opts->config, "model shape")
      ->check(CLI::IsMember({"tiny", "small", "base"}))
      ->capture_default_str();
  cmd->add_option("--iterations", opts->iterations, "timed runs of each measurement")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--warmup", opts->warmup, "untimed runs first")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "seed of the random weights and inputs")
      ->capture_default_str();
  cmd->add_option("--profile", opts->profile_top,
                  "after timing, profile one run of each measurement and list this many "
                  "operators by self time");
  cmd->callback([opts] { fmt::print("{}", format_model_bench(run_model_bench(*opts))); });
  return cmd;
}

}  // namespace

void add_bench_model_command(CLI::App& bench) {
  add_model_bench(bench, "model",
                  "ms per T5 training step (fwd+bwd) and evaluation batch on random weights, and "
                  "GFLOP/s against a matrix-product probe",
                  std::make_shared<ModelBenchOptions>());
  auto train = std::make_shared<ModelBenchOptions>();
  train->optimizer = true;
  add_model_bench(bench, "train",
                  "the model benchmark plus gradient clipping and the Adafactor step: ms per "
                  "update and peak memory",
                  train);
  auto eval = std::make_shared<ModelBenchOptions>();
  eval->train = false;
  auto* cmd = add_model_bench(
      bench, "eval", "ms per evaluation batch (loss + greedy decoding) on random weights", eval);
  cmd->add_flag("--compare-original", eval->compare_original,
                "also time the original's evaluation (padded inputs, a second encoder pass, no "
                "decoder cache) and print the ratio");
  cmd->add_option("--max-input-length", eval->max_input_length, "what the original pads inputs to")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

}  // namespace mcplm::cli
