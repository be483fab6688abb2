#include "mcplm/model/roberta_classifier.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

namespace mcplm {

namespace nn = torch::nn;

RobertaClassificationHeadImpl::RobertaClassificationHeadImpl(const RobertaConfig& config) {
  const int64_t d = config.hidden_size;
  dense = register_module("dense", nn::Linear(d, d));
  dropout = register_module("dropout", nn::Dropout(config.head_dropout()));
  out_proj = register_module("out_proj", nn::Linear(d, config.num_labels));
}

torch::Tensor RobertaClassificationHeadImpl::forward(const torch::Tensor& hidden) {
  torch::Tensor x = dropout(hidden.select(1, 0));  // [B, d]: the <s> token
  x = dropout(torch::tanh(dense(x)));              // [B, d]
  return out_proj(x);                              // [B, num_labels]
}

torch::Tensor sequence_classification_loss(const RobertaConfig& config, const torch::Tensor& logits,
                                           const torch::Tensor& labels) {
  if (config.is_regression()) {
    torch::Tensor target = labels.to(logits.scalar_type());
    if (config.num_labels == 1) return torch::mse_loss(logits.squeeze(), target.squeeze());
    return torch::mse_loss(logits, target);
  }
  if (config.problem_type == "multi_label_classification")
    return torch::binary_cross_entropy_with_logits(logits, labels.to(logits.scalar_type()));
  return torch::nn::functional::cross_entropy(logits.view({-1, config.num_labels}),
                                              labels.view({-1}).to(torch::kLong));
}

RobertaForSequenceClassificationImpl::RobertaForSequenceClassificationImpl(
    const RobertaConfig& config, int64_t adapter_bottleneck)
    : config_(config), adapter_bottleneck_(adapter_bottleneck) {
  roberta = register_module("roberta", RobertaModel(config, adapter_bottleneck));
  classifier = register_module("classifier", RobertaClassificationHead(config));
}

SequenceClassifierOutput RobertaForSequenceClassificationImpl::forward(
    const torch::Tensor& input_ids, const torch::Tensor& attention_mask,
    const torch::Tensor& token_type_ids, const torch::Tensor& labels) {
  SequenceClassifierOutput out;
  out.last_hidden_state = roberta(input_ids, attention_mask, token_type_ids);  // [B, T, d]
  out.logits = classifier(out.last_hidden_state);                              // [B, n]
  if (labels.defined()) out.loss = sequence_classification_loss(config_, out.logits, labels);
  return out;
}

void RobertaForSequenceClassificationImpl::initialize(uint64_t seed) {
  at::Generator generator = at::detail::createCPUGenerator(seed);
  initialize_roberta_weights(*this, config_.initializer_range, generator);
  initialize_adapters(seed);
}

void RobertaForSequenceClassificationImpl::initialize_head(uint64_t seed) {
  at::Generator generator = at::detail::createCPUGenerator(seed);
  initialize_roberta_weights(*classifier, config_.initializer_range, generator);
}

void RobertaForSequenceClassificationImpl::initialize_adapters(uint64_t seed) {
  at::Generator generator = at::detail::createCPUGenerator(seed);
  mcplm::initialize_adapters(*this, generator);
}

void RobertaForSequenceClassificationImpl::attach_lora(const LoraConfig& config) {
  for (const auto& block : *roberta->encoder->layer)
    block->as<RobertaLayer>()->attention->self_attention->attach_lora(config);
  lora_ = config;
}

void RobertaForSequenceClassificationImpl::initialize_lora(uint64_t seed) {
  at::Generator generator = at::detail::createCPUGenerator(seed);
  init_lora_factors(*this, generator);
}

}  // namespace mcplm
