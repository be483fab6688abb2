// How to build a TaskModel: the base model directory, the tuning method and
// the family-specific reading of the task files.
#pragma once
#include <c10/core/Device.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "mcplm/config/model_family.h"
#include "mcplm/core/precision.h"
#include "mcplm/data/encoded_split.h"
#include "mcplm/data/roberta_view.h"
#include "mcplm/data/task.h"
#include "mcplm/model/adapter.h"
#include "mcplm/model/lora.h"
#include "mcplm/model/method.h"
#include "mcplm/model/task_model.h"

namespace mcplm {

struct ModelSetup {
  std::filesystem::path model_dir;      // Hugging Face directory: config.json + weights
  std::filesystem::path tokenizer_dir;  // empty: model_dir
  TuningMethod method = TuningMethod::Model;
  AdapterConfig adapters;             // T5 adapters (type None: none)
  int64_t roberta_adapter_size = 24;  // RoBERTa bottleneck when method is adapter
  LoraConfig lora;                    // T5 and RoBERTa when method is lora
  uint64_t init_seed = 42;            // adapter draws and fresh classifier heads
  T5EncodeOptions t5;                 // formatting and T5 length limits
  std::size_t roberta_max_length = 128;
  int64_t generate_max_length = 0;        // T5 greedy length limit; 0: t5.max_output_length
  c10::Device device = c10::kCPU;         // where the model runs (--device)
  Precision precision = Precision::FP32;  // --precision of its arithmetic
  bool allow_other_base = false;  // checkpoints tuned from another base run (--allow-other-base)
};

// The model for `task` (RoBERTa needs its label space), on setup.device.
// Adapters and LoRA factors are drawn from init_seed; load tuned weights afterwards with
// assign().
std::unique_ptr<TaskModel> load_task_model(const ModelSetup& setup, const Task& task);

}  // namespace mcplm
