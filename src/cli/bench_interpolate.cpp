#include <fmt/format.h>

#include "commands.h"
#include "mcplm/bench/interpolate_bench.h"
#include "options.h"
#include "ranges.h"

namespace mcplm::cli {

void add_bench_interpolate_command(CLI::App& bench) {
  auto o = std::make_shared<InterpolateBenchOptions>();
  auto* cmd = bench.add_subcommand(
      "interpolate",
      "seconds and resident memory per interpolation point (assign + evaluate a task file) of a "
      "T5 model, between the model and a noisy copy");
  add_model_options(cmd, o->setup);
  add_eval_options(cmd, o->eval);
  cmd->add_option("--task-dir", o->task_dir, "task directory")->required();
  cmd->add_option("--split", o->role, "task file evaluated")
      ->check(CLI::IsMember({"dev", "test"}))
      ->capture_default_str();
  cmd->add_option("--limit", o->limit, "only the first N lines of the file (0: all)")
      ->capture_default_str();
  cmd->add_option("--points", o->points, "points on the path, both ends included")
      ->check(positive_integer())
      ->capture_default_str();
  cmd->add_option("--generate-max-length", o->setup.generate_max_length,
                  "greedy decoding length limit (0: --max-output-length)")
      ->capture_default_str();
  cmd->add_flag("--compare-original", o->compare_original,
                "also evaluate the file the original's way (inputs padded to --max-input-length, "
                "a second encoder pass, cached greedy decoding as transformers' generate) and print "
                "the ratio");
  cmd->add_option("--seed", o->seed, "seed of the second endpoint's noise")->capture_default_str();
  cmd->callback([o] { fmt::print("{}", format_interpolate_bench(run_interpolate_bench(*o))); });
}

}  // namespace mcplm::cli
