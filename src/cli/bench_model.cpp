#include <fmt/format.h>

#include "commands.h"
#include "mcplm/report/model_bench.h"

namespace mcplm::cli {

void add_bench_model_command(CLI::App& bench) {
  auto opts = std::make_shared<ModelBenchOptions>();
  auto* cmd = bench.add_subcommand(
      "model",
      "ms per training step and evaluation batch on random weights (T5, with GFLOP/s "
      "against a matrix-product probe, or RoBERTa)");
  cmd->add_option("--config", opts->config,
                  "model shape: T5 tiny, small, base; RoBERTa roberta-base (bsz 32, length 128), "
                  "roberta-tiny")
      ->check(CLI::IsMember({"tiny", "small", "base", "roberta-base", "roberta-tiny"}))
      ->capture_default_str();
  cmd->add_option("--iterations", opts->iterations, "timed runs of each measurement")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--warmup", opts->warmup, "untimed runs first")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "seed of the random weights and inputs")
      ->capture_default_str();
  cmd->callback([opts] { fmt::print("{}", model_bench_report(*opts)); });
}

}  // namespace mcplm::cli
