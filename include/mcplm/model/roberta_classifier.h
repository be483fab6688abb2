// transformers' RobertaForSequenceClassification: children `roberta`
// (RobertaModel without pooler) and `classifier` (dense -> tanh -> out_proj on
// the first token, dropout before each Linear), so that named_parameters()
// equals a Hugging Face state dict minus the `position_ids` buffer, plus
// `...attention.adapter.*` / `...output.adapter.*` when adapters are on.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include <optional>

#include "mcplm/config/roberta_config.h"
#include "mcplm/model/roberta_model.h"

namespace mcplm {

class RobertaClassificationHeadImpl : public torch::nn::Module {
 public:
  explicit RobertaClassificationHeadImpl(const RobertaConfig& config);
  torch::Tensor forward(const torch::Tensor& hidden);  // [B, T, d] -> [B, num_labels]

  torch::nn::Linear dense{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear out_proj{nullptr};
};
TORCH_MODULE(RobertaClassificationHead);

struct SequenceClassifierOutput {
  torch::Tensor loss;               // [] (undefined without labels)
  torch::Tensor logits;             // [B, num_labels]
  torch::Tensor last_hidden_state;  // [B, T, d]
};

// The loss transformers computes for `config`: MSE for regression (num_labels
// 1 or problem_type "regression"), cross-entropy (mean, ignoring -100) for
// single-label classification, BCE-with-logits for multi-label.
torch::Tensor sequence_classification_loss(const RobertaConfig& config,
                                           const torch::Tensor& logits,   // [B, num_labels]
                                           const torch::Tensor& labels);  // [B] or [B, n] -> []

class RobertaForSequenceClassificationImpl : public torch::nn::Module {
 public:
  // adapter_bottleneck 0: no adapters. Weights start as LibTorch's defaults:
  // call initialize() or load them (load_roberta_classifier).
  explicit RobertaForSequenceClassificationImpl(const RobertaConfig& config,
                                                int64_t adapter_bottleneck = 0);

  // token_type_ids and labels may be undefined (labels: no loss).
  // labels: class ids [B] (long), or targets [B] / [B, num_labels] (float).
  SequenceClassifierOutput forward(const torch::Tensor& input_ids,       // [B, T]
                                   const torch::Tensor& attention_mask,  // [B, T]
                                   const torch::Tensor& token_type_ids = {},
                                   const torch::Tensor& labels = {});

  // transformers' initialisation of encoder and head (N(0,
  // initializer_range)) and OpenDelta's of the adapters, from `seed`.
  void initialize(uint64_t seed);
  // A fresh classification head: N(0, initializer_range) weights, zero biases.
  void initialize_head(uint64_t seed);
  // Fresh adapters: N(0, 0.01) weights, zero biases.
  void initialize_adapters(uint64_t seed);

  // LoRA on query and value of every layer, factors at zero: load them or
  // call initialize_lora().
  void attach_lora(const LoraConfig& config);
  // The original's reset_parameters of every factor (A kaiming-uniform, B zero).
  void initialize_lora(uint64_t seed);

  const RobertaConfig& config() const { return config_; }
  int64_t adapter_bottleneck() const { return adapter_bottleneck_; }
  const std::optional<LoraConfig>& lora_config() const { return lora_; }

  RobertaModel roberta{nullptr};
  RobertaClassificationHead classifier{nullptr};

 private:
  RobertaConfig config_;
  int64_t adapter_bottleneck_;
  std::optional<LoraConfig> lora_;
};
TORCH_MODULE(RobertaForSequenceClassification);

}  // namespace mcplm
