#include "commands.h"

namespace mcplm::cli {

void add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Speed measurements");
  bench->require_subcommand(1);
  add_bench_model_command(*bench);
}

}  // namespace mcplm::cli
