// Tokenizer throughput on one thread: lines of a file encoded as training
// encodes them, repeated until enough time has passed.
#pragma once
#include <cstddef>
#include <filesystem>

#include "mcplm/text/tokenizer.h"

namespace mcplm {

struct TokenizerBench {
  std::size_t lines = 0;          // non-empty lines in the file
  std::size_t passes = 0;         // times the file was encoded
  std::size_t ids = 0;            // ids produced by one pass
  double first_pass_seconds = 0;  // wall time of the first pass (cold caches)
  double seconds = 0;             // wall time of all passes
  double cpu_seconds = 0;         // this thread's CPU time for all passes
  double lines_per_second() const { return seconds > 0 ? lines * passes / seconds : 0; }
  double lines_per_cpu_second() const { return cpu_seconds > 0 ? lines * passes / cpu_seconds : 0; }
  double first_pass_lines_per_second() const {
    return first_pass_seconds > 0 ? lines / first_pass_seconds : 0;
  }
};

// Encodes every non-empty line of `file` (a TSV line as a whole) with
// `tokenizer`, at least once and until `min_seconds` have passed.
TokenizerBench bench_tokenizer(const Tokenizer& tokenizer, const std::filesystem::path& file,
                               double min_seconds = 1.0);

}  // namespace mcplm
