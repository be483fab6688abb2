// `mcplm bench …`: throughput measurements, one subcommand each.
#include <fmt/format.h>

#include "commands.h"
#include "mcplm/text/tokenizer.h"
#include "mcplm/bench/tokenizer_bench.h"

namespace mcplm::cli {
namespace {

void add_bench_tokenize(CLI::App& bench) {
  struct Options {
    std::string model, file;
    double min_seconds = 1.0;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = bench.add_subcommand("tokenize", "Lines per second of a tokenizer on one thread");
  cmd->add_option("--model", opts->model,
                  "model directory (spiece.model, or vocab.json + merges.txt)")
      ->required();
  cmd->add_option("--file", opts->file, "text file, one text per line (TSV lines as a whole)")
      ->required();
  cmd->add_option("--min-seconds", opts->min_seconds, "repeat the file for at least this long")
      ->capture_default_str();
  cmd->callback([opts] {
    auto tokenizer = load_tokenizer(opts->model);
    TokenizerBench b = bench_tokenizer(*tokenizer, opts->file, opts->min_seconds);
    fmt::print("tokenizer: {}\n", tokenizer->describe());
    fmt::print("lines: {}, ids per pass: {}, passes: {}\n", b.lines, b.ids, b.passes);
    fmt::print("first pass: {:.0f} lines/s\n", b.first_pass_lines_per_second());
    fmt::print("all passes: {:.0f} lines/s ({:.3f} s), {:.0f} lines per CPU second\n",
               b.lines_per_second(), b.seconds, b.lines_per_cpu_second());
  });
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Throughput benchmarks");
  bench->require_subcommand(1);
  add_bench_tokenize(*bench);
  add_bench_model_command(*bench);
  add_bench_interpolate_command(*bench);
}

}  // namespace mcplm::cli
