#include "mcplm/model/roberta_layer.h"

#include <torch/torch.h>

#include <cmath>

namespace mcplm {

namespace nn = torch::nn;

RobertaSelfAttentionImpl::RobertaSelfAttentionImpl(const RobertaConfig& config)
    : heads_(config.num_attention_heads),
      head_size_(config.hidden_size / config.num_attention_heads) {
  const int64_t d = config.hidden_size;
  query = register_module("query", nn::Linear(d, d));
  key = register_module("key", nn::Linear(d, d));
  value = register_module("value", nn::Linear(d, d));
  dropout = register_module("dropout", nn::Dropout(config.attention_probs_dropout_prob));
}

torch::Tensor RobertaSelfAttentionImpl::forward(const torch::Tensor& h, const torch::Tensor& mask) {
  const int64_t B = h.size(0), T = h.size(1);
  auto split_heads = [&](const torch::Tensor& x) {  // [B, T, d] -> [B, H, T, dh]
    return x.view({B, T, heads_, head_size_}).transpose(1, 2);
  };
  auto project = [&](nn::Linear& linear, const LoraBranch& lora) {  // [B, T, d]
    torch::Tensor y = linear(h);
    return lora.attached() ? y + lora.forward(h, is_training()) : y;
  };
  torch::Tensor q = split_heads(project(query, query_lora));  // [B, H, T, dh]
  torch::Tensor k = split_heads(key(h));                      // [B, H, T, dh]
  torch::Tensor v = split_heads(project(value, value_lora));  // [B, H, T, dh]
  torch::Tensor scores = torch::matmul(q, k.transpose(-1, -2)) /
                         std::sqrt(static_cast<double>(head_size_));    // [B, H, T, T]
  torch::Tensor probs = dropout(torch::softmax(scores + mask, -1));     // [B, H, T, T]
  torch::Tensor context = torch::matmul(probs, v);                      // [B, H, T, dh]
  return context.transpose(1, 2).reshape({B, T, heads_ * head_size_});  // [B, T, d]
}

void RobertaSelfAttentionImpl::attach_lora(const LoraConfig& config) {
  const int64_t d = query->weight.size(1);
  query_lora.attach(*query, d, query->weight.size(0), config);
  value_lora.attach(*value, d, value->weight.size(0), config);
}

RobertaResidualOutputImpl::RobertaResidualOutputImpl(int64_t in_features,
                                                     const RobertaConfig& config,
                                                     int64_t adapter_bottleneck) {
  const int64_t d = config.hidden_size;
  dense = register_module("dense", nn::Linear(in_features, d));
  layer_norm = register_module("LayerNorm",
                               nn::LayerNorm(nn::LayerNormOptions({d}).eps(config.layer_norm_eps)));
  dropout = register_module("dropout", nn::Dropout(config.hidden_dropout_prob));
  if (adapter_bottleneck > 0)
    adapter = register_module("adapter", BottleneckAdapter(d, adapter_bottleneck));
}

torch::Tensor RobertaResidualOutputImpl::forward(const torch::Tensor& x,
                                                 const torch::Tensor& residual) {
  torch::Tensor out = layer_norm(dropout(dense(x)) + residual);  // [B, T, d]
  return adapter ? adapter(out) : out;
}

RobertaAttentionImpl::RobertaAttentionImpl(const RobertaConfig& config,
                                           int64_t adapter_bottleneck) {
  self_attention = register_module("self", RobertaSelfAttention(config));
  output = register_module("output", RobertaResidualOutput(config.hidden_size, config, 0));
  if (adapter_bottleneck > 0)
    adapter = register_module("adapter", BottleneckAdapter(config.hidden_size, adapter_bottleneck));
}

torch::Tensor RobertaAttentionImpl::forward(const torch::Tensor& h, const torch::Tensor& mask) {
  torch::Tensor a = output(self_attention(h, mask), h);  // [B, T, d]
  return adapter ? adapter(a) : a;
}

RobertaIntermediateImpl::RobertaIntermediateImpl(const RobertaConfig& config)
    : exact_gelu_(config.hidden_act == "gelu") {
  dense = register_module("dense", nn::Linear(config.hidden_size, config.intermediate_size));
}

torch::Tensor RobertaIntermediateImpl::forward(const torch::Tensor& a) {
  return torch::gelu(dense(a), exact_gelu_ ? "none" : "tanh");
}

RobertaLayerImpl::RobertaLayerImpl(const RobertaConfig& config, int64_t adapter_bottleneck) {
  attention = register_module("attention", RobertaAttention(config, adapter_bottleneck));
  intermediate = register_module("intermediate", RobertaIntermediate(config));
  output = register_module(
      "output", RobertaResidualOutput(config.intermediate_size, config, adapter_bottleneck));
}

torch::Tensor RobertaLayerImpl::forward(const torch::Tensor& h, const torch::Tensor& mask) {
  torch::Tensor a = attention(h, mask);  // [B, T, d]
  return output(intermediate(a), a);     // [B, T, d]
}

}  // namespace mcplm
