#include <fmt/format.h>

#include "commands.h"
#include "mcplm/report/model_bench.h"

namespace mcplm::cli {

void add_bench_model_command(CLI::App& bench) {
  auto opts = std::make_shared<ModelBenchOptions>();
  auto* cmd = bench.add_subcommand(
      "model",
      "ms per T5 training step and evaluation batch on random weights, and GFLOP/s "
      "against a matrix-product probe");
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
  cmd->callback([opts] { fmt::print("{}", format_model_bench(run_model_bench(*opts))); });
}

}  // namespace mcplm::cli
