#include "mcplm/model/roberta_embeddings.h"

#include <torch/torch.h>

namespace mcplm {

torch::Tensor roberta_position_ids(const torch::Tensor& input_ids, int64_t padding_idx) {
  torch::Tensor mask = input_ids.ne(padding_idx).to(torch::kLong);  // [B, T]
  return mask.cumsum(1) * mask + padding_idx;                       // [B, T]
}

RobertaEmbeddingsImpl::RobertaEmbeddingsImpl(const RobertaConfig& config)
    : padding_idx_(config.pad_token_id) {
  namespace nn = torch::nn;
  const int64_t d = config.hidden_size;
  word_embeddings = register_module(
      "word_embeddings",
      nn::Embedding(nn::EmbeddingOptions(config.vocab_size, d).padding_idx(padding_idx_)));
  position_embeddings = register_module(
      "position_embeddings",
      nn::Embedding(
          nn::EmbeddingOptions(config.max_position_embeddings, d).padding_idx(padding_idx_)));
  token_type_embeddings = register_module(
      "token_type_embeddings", nn::Embedding(nn::EmbeddingOptions(config.type_vocab_size, d)));
  layer_norm = register_module("LayerNorm",
                               nn::LayerNorm(nn::LayerNormOptions({d}).eps(config.layer_norm_eps)));
  dropout = register_module("dropout", nn::Dropout(config.hidden_dropout_prob));
}

torch::Tensor RobertaEmbeddingsImpl::forward(const torch::Tensor& input_ids,
                                             const torch::Tensor& token_type_ids) {
  torch::Tensor positions = roberta_position_ids(input_ids, padding_idx_);  // [B, T]
  torch::Tensor types =
      token_type_ids.defined() ? token_type_ids : torch::zeros_like(input_ids);  // [B, T]
  torch::Tensor h = word_embeddings(input_ids) + token_type_embeddings(types) +
                    position_embeddings(positions);  // [B, T, d]
  return dropout(layer_norm(h));
}

}  // namespace mcplm
