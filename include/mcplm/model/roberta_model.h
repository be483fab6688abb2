// transformers' RobertaModel without the pooler (as inside
// RobertaForSequenceClassification): children `embeddings` and `encoder`,
// whose ModuleList `layer` holds the encoder layers.
#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include "mcplm/config/roberta_config.h"
#include "mcplm/model/roberta_embeddings.h"
#include "mcplm/model/roberta_layer.h"

namespace mcplm {

// The additive attention mask of a padding mask: 0 where attended, the
// lowest finite value of `dtype` where masked (transformers 4.19).
torch::Tensor roberta_additive_mask(const torch::Tensor& attention_mask,  // [B, T]
                                    torch::ScalarType dtype);             // -> [B, 1, 1, T]

class RobertaEncoderImpl : public torch::nn::Module {
 public:
  RobertaEncoderImpl(const RobertaConfig& config, int64_t adapter_bottleneck);
  torch::Tensor forward(torch::Tensor h,             // [B, T, d]
                        const torch::Tensor& mask);  // [B, 1, 1, T] -> [B, T, d]

  torch::nn::ModuleList layer{nullptr};
};
TORCH_MODULE(RobertaEncoder);

class RobertaModelImpl : public torch::nn::Module {
 public:
  // adapter_bottleneck 0: no adapters.
  RobertaModelImpl(const RobertaConfig& config, int64_t adapter_bottleneck);
  // attention_mask: 1 for tokens, 0 for padding; token_type_ids may be
  // undefined. Returns the last hidden state.
  torch::Tensor forward(const torch::Tensor& input_ids,        // [B, T]
                        const torch::Tensor& attention_mask,   // [B, T]
                        const torch::Tensor& token_type_ids);  // [B, T] -> [B, T, d]

  RobertaEmbeddings embeddings{nullptr};
  RobertaEncoder encoder{nullptr};
};
TORCH_MODULE(RobertaModel);

// transformers' _init_weights over `module`'s subtree, skipping adapters:
// Linear weights and Embedding rows N(0, std) (padding rows zero), Linear
// biases zero, LayerNorm weight 1 and bias 0. Draws in parameter order.
void initialize_roberta_weights(torch::nn::Module& module, double std, at::Generator& generator);

// Every adapter in `module`'s subtree, in parameter order: N(0, 0.01)
// weights, zero biases (OpenDelta).
void initialize_adapters(torch::nn::Module& module, at::Generator& generator);

}  // namespace mcplm
