// `mcplm data check`: what a task directory holds, as the T5 pipeline sees it.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "mcplm/data/t5_format.h"
#include "mcplm/data/task.h"
#include "mcplm/text/tokenizer.h"

namespace mcplm {

struct LengthSummary {
  std::size_t p50 = 0, p90 = 0, p99 = 0, max = 0;  // nearest-rank percentiles
  std::size_t over_limit = 0;                      // rows the limit truncates (token lengths only)
};

struct SplitSummary {
  std::string role;  // train, dev, test
  std::filesystem::path file;
  std::size_t lines = 0;
  std::size_t multi_answer_lines = 0;
  std::size_t answers = 0;
  // First answers and their counts, most frequent first (ties by label).
  std::vector<std::pair<std::string, std::size_t>> labels;
  std::size_t labels_not_in_train = 0;  // lines whose first answer training never has
  LengthSummary input, target;          // targets: every answer
};

struct DataCheckOptions {
  TaskOptions task;
  T5FormatOptions format;
  std::size_t max_input_length = 512;
  std::size_t max_output_length = 64;
  // Token lengths and truncation counts with a tokenizer; characters
  // (code points) of the formatted texts without one.
  const Tokenizer* tokenizer = nullptr;
};

struct DataCheckReport {
  std::string task;
  std::filesystem::path dir;
  Metric metric = Metric::acc;
  bool token_lengths = false;
  std::size_t max_input_length = 0, max_output_length = 0;
  std::vector<SplitSummary> splits;  // train, dev, test
};

// Loads the task (InputError on the first bad line) and summarises it.
DataCheckReport check_task_data(const std::filesystem::path& dir, const DataCheckOptions& options);

// The report as printed: one block per split, at most `max_labels` labels each.
std::string format_data_check(const DataCheckReport& report, std::size_t max_labels = 10);

}  // namespace mcplm
