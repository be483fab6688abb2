// `mcplm bench model|train|eval`: speed of T5 training steps, Adafactor
// updates and evaluation batches on random weights, against a matrix-product
// probe run in the same process.
#pragma once
#include <c10/core/Device.h>

#include <cstdint>
#include <string>

#include "mcplm/config/t5_config.h"
#include "mcplm/core/precision.h"

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
  bool train = true;       // forward + backward
  bool optimizer = false;  // gradient clipping + Adafactor step, and the whole update
  bool eval = true;        // loss + greedy decoding
  // Also the original's evaluation (inputs padded to max_input_length, a second
  // encoder pass for generation, cached greedy decoding), for the ratio.
  bool compare_original = false;
  int64_t max_input_length = 512;
  int profile_top = 0;  // > 0: an operator profile of one run of each measurement
  c10::Device device = c10::kCPU;
  Precision precision = Precision::FP32;  // of the forward/backward and evaluation (not Adafactor)
};

struct ModelBenchResult {
  ModelBenchShape shape;
  int64_t parameters = 0;
  int threads = 0;
  int blas_threads = 0;
  double probe_gflops = 0;  // fp32 matrix product, GFLOP/s
  // Mean ms over the iterations; 0 when not measured.
  double train_ms = 0;          // forward + backward of one batch
  double optimizer_ms = 0;      // clip_grad_norm + Adafactor step over all parameters
  double update_ms = 0;         // forward + backward + clipping + Adafactor: one update
  double eval_ms = 0;           // loss + greedy decoding of one batch
  double original_eval_ms = 0;  // the same, the original's way
  double train_gflop = 0;       // matrix-product work of one training step
  double eval_gflop = 0;        // matrix-product work of one evaluation batch
  double original_eval_gflop = 0;
  int64_t update_peak_rss = 0;  // bytes, peak resident set during the updates (0: unknown)
  std::string device;           // where the model ran: "cpu", "cuda:0"
  std::string precision;        // "fp32", "tf32", "bf16"
  std::string profiles;         // operator profiles when asked for
};

// Matrix-product GFLOP/s of an n×n fp32 product on `device`, repeated for
// about `seconds`.
double matmul_probe_gflops(const c10::Device& device = c10::kCPU, int64_t n = 1024,
                           double seconds = 0.5);

// Matrix-product FLOPs of one T5 forward pass with teacher forcing (encoder,
// decoder over target_length tokens, lm_head), and of cached greedy decoding
// of `generate_tokens` tokens reusing the encoder states of `input_length`
// tokens (0: the shape's).
double t5_forward_flops(const ModelBenchShape& shape);
double t5_greedy_flops(const ModelBenchShape& shape, int64_t input_length = 0);
// The original's evaluation: forward with teacher forcing and a second encoder
// pass over `input_length`-token inputs, then cached greedy decoding.
double t5_original_eval_flops(const ModelBenchShape& shape, int64_t input_length);

ModelBenchResult run_model_bench(const ModelBenchOptions& options);
std::string format_model_bench(const ModelBenchResult& result);

// Whether `config` names a RoBERTa shape ("roberta-…").
bool is_roberta_bench_config(const std::string& config);

// The report of `bench model`: T5 as run_model_bench, RoBERTa as bench_roberta
// (bsz 32, length 128, every parameter trained).
std::string model_bench_report(const ModelBenchOptions& options);

}  // namespace mcplm
