// `mcplm bench interpolate`: the time and memory of whole interpolation points
// (assign the interpolated parameters, evaluate a task file) on a T5 model,
// optionally against the original's way of evaluating, in the same process.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mcplm/eval/evaluator.h"
#include "mcplm/model/model_setup.h"

namespace mcplm {

struct InterpolateBenchOptions {
  ModelSetup setup;  // a T5 model directory, tokenizer, lengths; method model
  std::filesystem::path task_dir;
  std::string role = "test";  // the task file evaluated: dev or test
  std::size_t limit = 0;      // only the first `limit` lines (0: all)
  int points = 2;             // evaluated points on the path x = 0 .. 1
  EvalOptions eval;
  // Also evaluate the file once the original's way (inputs padded to
  // setup.t5.max_input_length, a second encoder pass, cached greedy decoding).
  bool compare_original = false;
  uint64_t seed = 0;  // the second endpoint is the model plus seeded noise
};

struct PointTiming {
  double x = 0;
  double seconds = 0;
  double loss = 0, performance = 0;
  int64_t resident_bytes = 0;  // after the point
};

struct InterpolateBenchResult {
  std::string task, role, metric;
  std::size_t examples = 0;
  int64_t input_tokens = 0;  // unpadded input tokens of the file
  int threads = 0;  // OpenBLAS threads (matrix products)
  double probe_gflops = 0;
  std::vector<PointTiming> points;
  double original_seconds = 0;  // 0 when not compared
  double original_loss = 0;
  double original_agreement = 0;  // share of rows whose greedy tokens match ours
};

InterpolateBenchResult run_interpolate_bench(const InterpolateBenchOptions& options);
std::string format_interpolate_bench(const InterpolateBenchResult& result);

}  // namespace mcplm
