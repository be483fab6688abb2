// Building a RobertaForSequenceClassification from a Hugging Face model
// directory (config.json + model.safetensors / pytorch_model.bin / shards).
//
// Accepted checkpoints, recognised by their names:
//   RobertaForSequenceClassification  roberta.* + classifier.*
//   RobertaForMaskedLM                roberta.* + lm_head.*
//   RobertaModel                      embeddings.* + encoder.* (+ pooler.*)
// Encoder names must match exactly. Without `classifier.*` a fresh head is
// drawn (N(0, initializer_range), zero biases, seeded) and the report says
// so. `position_ids` buffers, `lm_head.*` and the pooler are ignored. The
// library never prints: callers show LoadReport::message() once.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mcplm/core/param_set.h"
#include "mcplm/io/load_params.h"
#include "mcplm/model/lora.h"
#include "mcplm/model/roberta_classifier.h"

namespace mcplm {

struct RobertaLoadOptions {
  // Overrides config.json when different: labels become LABEL_i and
  // problem_type follows num_labels (1: regression).
  std::optional<int64_t> num_labels;
  int64_t adapter_bottleneck = 0;  // 0: no adapters
  uint64_t head_seed = 42;         // draws of a fresh classification head
  uint64_t adapter_seed = 42;      // draws of fresh adapters
  // A checkpoint head whose out_proj does not fit num_labels is left out and
  // a fresh head drawn (transformers' ignore_mismatched_sizes); otherwise the
  // shapes must agree.
  bool replace_mismatched_head = false;
};

struct RobertaLoadReport {
  std::string source;  // what was loaded (directory), for messages
  std::string
      checkpoint_kind;      // RobertaForSequenceClassification, RobertaForMaskedLM, RobertaModel
  bool fresh_head = false;  // the classifier was initialised, not loaded
  bool fresh_adapters = false;       // adapters were initialised, not loaded
  std::vector<std::string> ignored;  // checkpoint tensors not used

  // One line for the user when a head or adapters were initialised, else "".
  std::string message() const;
};

struct LoadedRoberta {
  RobertaForSequenceClassification model{nullptr};
  RobertaLoadReport report;
};

LoadedRoberta load_roberta_classifier(const std::filesystem::path& dir,
                                      const RobertaLoadOptions& options = {});

// Loads `weights` (any accepted checkpoint layout) into `model` in place;
// what `load_roberta_classifier` does after building the model. `source`
// names the weights in messages.
// The adapter bottleneck of `params` (rows of the first
// `.adapter.modulelist.down_proj.weight`), 0 when it holds no adapters.
int64_t roberta_adapter_bottleneck(const ParamSet& params);

// `dir` with a tuned parameter set (an adapter, LoRA or full-model
// checkpoint) laid over its weights: the bottleneck comes from the tuned
// adapters, LoRA as lora_config_of (`lora` the fallback) and num_labels from
// the tuned head when it has one. `source` names the set.
LoadedRoberta load_roberta_with_tuned(const std::filesystem::path& dir, const LoadedParams& tuned,
                                      const std::string& source, const LoraConfig& lora = {});

RobertaLoadReport load_roberta_weights(RobertaForSequenceClassificationImpl& model,
                                       const ParamSet& weights, const RobertaLoadOptions& options,
                                       const std::string& source);

}  // namespace mcplm
