// `mcplm bench model --config roberta-base`: speed of a randomly initialised
// RobertaForSequenceClassification on a random batch.
#pragma once
#include <c10/core/Device.h>

#include <cstdint>
#include <string>

#include "mcplm/config/roberta_config.h"
#include "mcplm/model/method.h"

namespace mcplm {

struct RobertaBenchOptions {
  int64_t batch_size = 32;
  int64_t length = 128;
  int iterations = 3;              // timed repetitions of each measurement
  int warmup = 1;                  // untimed repetitions before them
  TuningMethod method = TuningMethod::Model;  // what gets gradients
  int64_t adapter_bottleneck = 0;             // 0: none; the adapter method needs > 0
  c10::Device device = c10::kCPU;
  uint64_t seed = 0;
};

struct RobertaBenchResult {
  double train_ms = 0;  // mean ms per forward + backward (train mode, loss on labels)
  double eval_ms = 0;   // mean ms per forward in eval mode without gradients
  int64_t parameters = 0;
  int64_t trainable = 0;
};

// Named configurations for the bench: "roberta-base", and "roberta-tiny"
// (d 64, 2 layers, vocab 1000) for tests.
RobertaConfig roberta_bench_config(const std::string& name);

RobertaBenchResult bench_roberta(const RobertaConfig& config, const RobertaBenchOptions& options);

}  // namespace mcplm
