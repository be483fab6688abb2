#include "mcplm/bench/tokenizer_bench.h"

#include <time.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "mcplm/core/error.h"

namespace mcplm {
namespace {

double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

}  // namespace

TokenizerBench bench_tokenizer(const Tokenizer& tokenizer, const std::filesystem::path& file,
                               double min_seconds) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), 0, "cannot open");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  if (lines.empty()) throw InputError(file.string(), 0, "no lines to tokenize");

  using Clock = std::chrono::steady_clock;
  TokenizerBench bench;
  bench.lines = lines.size();
  auto start = Clock::now();
  double cpu_start = thread_cpu_seconds();
  do {
    std::size_t ids = 0;
    for (const auto& line : lines) ids += tokenizer.encode(line).size();
    bench.ids = ids;
    ++bench.passes;
    bench.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (bench.passes == 1) bench.first_pass_seconds = bench.seconds;
  } while (bench.seconds < min_seconds);
  bench.cpu_seconds = thread_cpu_seconds() - cpu_start;
  return bench;
}

}  // namespace mcplm
