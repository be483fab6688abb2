// `mcplm bench model`: speed of T5 training steps and evaluation batches on
// random weights, against a matrix-product probe run in the same process.
#pragma once
#include <cstdint>
#include <string>

#include "mcplm/model/t5_config.h"

namespace mcplm {

struct ModelBenchShape {
  std::string name;
  T5Config config;
  int64_t batch = 8;
  int64_t input_length = 128;
  int64_t target_length = 4;
  int64_t generate_tokens = 4;
};

// "tiny", "small" or "base" (T5 v1.1 shapes: gated-gelu, untied, d_kv 64 beyond
// tiny); InputError otherwise.
ModelBenchShape model_bench_shape(const std::string& name);

struct ModelBenchOptions {
  std::string config = "tiny";  // T5 shape, or a RoBERTa one: roberta-base, roberta-tiny
  int warmup = 1;
  int iterations = 3;
  uint64_t seed = 0;
};

struct ModelBenchResult {
  ModelBenchShape shape;
  int64_t parameters = 0;
  int threads = 0;
  double probe_gflops = 0;  // fp32 matrix product, GFLOP/s
  double train_ms = 0;      // forward + backward of one batch, mean over iterations
  double eval_ms = 0;       // loss + greedy decoding of one batch, mean over iterations
  double train_gflop = 0;   // matrix-product work of one training step
  double eval_gflop = 0;    // matrix-product work of one evaluation batch
};

// Matrix-product GFLOP/s of an n×n fp32 product, repeated for about `seconds`.
double matmul_probe_gflops(int64_t n = 1024, double seconds = 0.5);

// Matrix-product FLOPs of one T5 forward pass with teacher forcing (encoder,
// decoder over target_length tokens, lm_head), and of greedy decoding of
// `generate_tokens` tokens reusing the encoder states.
double t5_forward_flops(const ModelBenchShape& shape);
double t5_greedy_flops(const ModelBenchShape& shape);

ModelBenchResult run_model_bench(const ModelBenchOptions& options);
std::string format_model_bench(const ModelBenchResult& result);

// Whether `config` names a RoBERTa shape ("roberta-…").
bool is_roberta_bench_config(const std::string& config);

// The report of `bench model`: T5 as run_model_bench, RoBERTa as bench_roberta
// (bsz 32, length 128, every parameter trained).
std::string model_bench_report(const ModelBenchOptions& options);

}  // namespace mcplm
