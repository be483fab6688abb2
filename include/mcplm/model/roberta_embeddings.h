// RoBERTa's input embeddings (transformers' RobertaEmbeddings): word +
// learned position + token type, then LayerNorm and dropout. Children:
// word_embeddings, position_embeddings, token_type_embeddings, LayerNorm.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/normalization.h>

#include "mcplm/config/roberta_config.h"

namespace mcplm {

// Position ids counted from padding_idx + 1 over the non-pad tokens; pad
// tokens get padding_idx (transformers' create_position_ids_from_input_ids).
torch::Tensor roberta_position_ids(const torch::Tensor& input_ids,  // [B, T]
                                   int64_t padding_idx);            // -> [B, T]

class RobertaEmbeddingsImpl : public torch::nn::Module {
 public:
  explicit RobertaEmbeddingsImpl(const RobertaConfig& config);

  // token_type_ids may be undefined (all zeros).
  torch::Tensor forward(const torch::Tensor& input_ids,        // [B, T]
                        const torch::Tensor& token_type_ids);  // [B, T] -> [B, T, d]

  torch::nn::Embedding word_embeddings{nullptr};
  torch::nn::Embedding position_embeddings{nullptr};
  torch::nn::Embedding token_type_embeddings{nullptr};
  torch::nn::LayerNorm layer_norm{nullptr};
  torch::nn::Dropout dropout{nullptr};

 private:
  int64_t padding_idx_;
};
TORCH_MODULE(RobertaEmbeddings);

}  // namespace mcplm
