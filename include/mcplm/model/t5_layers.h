// The layers of transformers' T5 (modeling_t5.py), registered under the same
// names, so that a module's named_parameters() are Hugging Face's names:
// block.{i}.layer.0.SelfAttention.q.weight, layer.{j}.DenseReluDense.wi_0.weight, ...
#pragma once
#include <torch/nn/module.h>

#include <memory>
#include <vector>

#include "mcplm/config/t5_config.h"
#include "mcplm/model/adapter.h"
#include "mcplm/model/lora.h"

namespace mcplm {

// nn.Linear(bias=False), or the original's lora.Linear(bias=False) once LoRA
// is attached.
class LinearNoBias : public torch::nn::Module {
 public:
  LinearNoBias(int64_t in_features, int64_t out_features);
  torch::Tensor forward(const torch::Tensor& x);  // [..., in] -> [..., out]
  // Registers lora_A [in, r] and lora_B [r, out] (zeros) beside the weight.
  void attach_lora(const LoraConfig& config);

  torch::Tensor weight;  // [out, in]
  LoraBranch lora;       // unattached: a plain linear
};

// nn.Embedding.
class EmbeddingTable : public torch::nn::Module {
 public:
  EmbeddingTable(int64_t num_embeddings, int64_t dim);
  torch::Tensor forward(const torch::Tensor& ids);  // [...] -> [..., dim]
  torch::Tensor weight;                             // [num_embeddings, dim]
};

// RMS norm: weight * x / sqrt(mean(x²) + eps); no mean subtraction, no bias.
class T5LayerNorm : public torch::nn::Module {
 public:
  T5LayerNorm(int64_t d_model, double eps);
  torch::Tensor forward(const torch::Tensor& x);  // [..., d_model]
  torch::Tensor weight;                           // [d_model]

 private:
  double eps_;
};

// Keys and values of one attention, split into heads. [B, H, T, d_kv] each.
struct KeyValue {
  torch::Tensor key, value;
};

// The decoder self-attention keys/values of the positions decoded so far, in
// buffers allocated once for the whole decode. [B, H, max_steps, d_kv]
struct SelfAttentionCache {
  torch::Tensor key, value;
  int64_t length = 0;
};

struct DecoderLayerCache {
  SelfAttentionCache self_attention;
  KeyValue cross_attention;  // from the encoder states, computed once
};

// Everything incremental decoding keeps between steps.
struct DecoderCache {
  std::vector<DecoderLayerCache> layers;
  torch::Tensor self_bias;   // relative position bias for all steps [1, H, max_steps, max_steps]
  torch::Tensor cross_bias;  // encoder padding mask as additive bias [B, 1, 1, S]
  int64_t step = 0;          // position of the next token
  int64_t max_steps = 0;
};

// transformers' _relative_position_bucket, operation for operation.
// relative_position = key position - query position (int64, any shape).
torch::Tensor relative_position_bucket(const torch::Tensor& relative_position, bool bidirectional,
                                       int64_t num_buckets, int64_t max_distance);

class T5Attention : public torch::nn::Module {
 public:
  T5Attention(const T5Config& config, bool is_decoder, bool has_relative_attention_bias);

  torch::Tensor query(const torch::Tensor& x);   // [B, T, d_model] -> [B, H, T, d_kv]
  KeyValue keys_values(const torch::Tensor& x);  // [B, T, d_model] -> 2 x [B, H, T, d_kv]
  // o(softmax(q·kᵀ + bias)·v), heads merged; no 1/√d scaling. q [B, H, Tq, d_kv], bias
  // broadcastable to [B, H, Tq, Tk] -> [B, Tq, d_model]
  torch::Tensor attend(const torch::Tensor& q, const KeyValue& kv, const torch::Tensor& bias);
  // The learned relative position bias, only in the first layer of a stack.
  // -> [1, H, query_length, key_length]
  torch::Tensor position_bias(int64_t query_length, int64_t key_length);

  std::shared_ptr<LinearNoBias> q, k, v, o;
  std::shared_ptr<EmbeddingTable> relative_attention_bias;  // null in later layers

 private:
  torch::Tensor split_heads(const torch::Tensor& x);  // [B, T, H*d_kv] -> [B, H, T, d_kv]

  bool is_decoder_;
  int64_t num_heads_, d_kv_, num_buckets_, max_distance_;
  double dropout_;
};

// h + dropout(adapter(attention(norm(h)))), the adapter only with Houlsby adapters.
class T5LayerSelfAttention : public torch::nn::Module {
 public:
  T5LayerSelfAttention(const T5Config& config, bool is_decoder, bool has_relative_attention_bias,
                       const AdapterConfig& adapters);

  // h [B, T, d_model], bias (position bias + mask) [B|1, H, T, T] -> [B, T, d_model]
  torch::Tensor forward(const torch::Tensor& h, const torch::Tensor& bias);
  // One new position per row: h [B, 1, d_model]; its keys/values are appended to
  // `cache`; bias [1, H, 1, cache.length + 1].
  torch::Tensor forward_step(const torch::Tensor& h, const torch::Tensor& bias,
                             SelfAttentionCache& cache);

  std::shared_ptr<T5Attention> SelfAttention;
  std::shared_ptr<T5LayerNorm> layer_norm;
  std::shared_ptr<Adapter> adapter;  // null without Houlsby adapters

 private:
  double dropout_;
};

// h + dropout(adapter(cross_attention(norm(h), encoder))).
class T5LayerCrossAttention : public torch::nn::Module {
 public:
  T5LayerCrossAttention(const T5Config& config, const AdapterConfig& adapters);

  // h [B, T, d_model], encoder keys/values [B, H, S, d_kv], bias [B, 1, 1, S] -> [B, T, d_model]
  torch::Tensor forward(const torch::Tensor& h, const KeyValue& encoder, const torch::Tensor& bias);

  std::shared_ptr<T5Attention> EncDecAttention;
  std::shared_ptr<T5LayerNorm> layer_norm;
  std::shared_ptr<Adapter> adapter;  // null without Houlsby adapters

 private:
  double dropout_;
};

// wo(dropout(act(wi·x))) or, gated, wo(dropout(act(wi_0·x) * wi_1·x)).
class T5DenseActDense : public torch::nn::Module {
 public:
  explicit T5DenseActDense(const T5Config& config);
  torch::Tensor forward(const torch::Tensor& x);  // [B, T, d_model] -> [B, T, d_model]

  std::shared_ptr<LinearNoBias> wi, wi_0, wi_1, wo;  // wi alone, or wi_0 and wi_1 when gated

 private:
  Activation activation_;
  double dropout_;
};

// h + dropout(adapter(ffn(norm(h)))), the adapter with Houlsby or Pfeiffer adapters.
class T5LayerFF : public torch::nn::Module {
 public:
  T5LayerFF(const T5Config& config, const AdapterConfig& adapters);
  torch::Tensor forward(const torch::Tensor& h);  // [B, T, d_model]

  std::shared_ptr<T5DenseActDense> DenseReluDense;
  std::shared_ptr<T5LayerNorm> layer_norm;
  std::shared_ptr<Adapter> adapter;  // null without adapters

 private:
  double dropout_;
};

// layer.0 self-attention, layer.1 cross-attention (decoder only), last the FFN.
class T5Block : public torch::nn::Module {
 public:
  T5Block(const T5Config& config, bool is_decoder, bool has_relative_attention_bias,
          const AdapterConfig& adapters);

  // h [B, T, d_model]; self_bias [B|1, H, T, T]; encoder (decoder only) keys/values and
  // cross_bias [B, 1, 1, S]. -> [B, T, d_model]
  torch::Tensor forward(const torch::Tensor& h, const torch::Tensor& self_bias,
                        const KeyValue* encoder, const torch::Tensor& cross_bias);
  // Decoder, one position per row: h [B, 1, d_model].
  torch::Tensor forward_step(const torch::Tensor& h, const torch::Tensor& self_bias,
                             DecoderLayerCache& cache, const torch::Tensor& cross_bias);

  std::shared_ptr<T5LayerSelfAttention> self_attention;
  std::shared_ptr<T5LayerCrossAttention> cross_attention;  // null in the encoder
  std::shared_ptr<T5LayerFF> feed_forward;
};

// An encoder or decoder: embeddings (shared, not registered here), blocks,
// final_layer_norm, with dropout after the embeddings and after the norm.
class T5Stack : public torch::nn::Module {
 public:
  T5Stack(const T5Config& config, bool is_decoder, const AdapterConfig& adapters,
          std::shared_ptr<EmbeddingTable> embed_tokens);

  // Encoder: ids [B, S], mask [B, S] (1 = token) -> [B, S, d_model]
  torch::Tensor encode(const torch::Tensor& ids, const torch::Tensor& mask);
  // Decoder over whole sequences: ids [B, T], mask [B, T] (undefined = all tokens),
  // encoder_states [B, S, d_model], encoder_mask [B, S] -> [B, T, d_model]
  torch::Tensor decode(const torch::Tensor& ids, const torch::Tensor& mask,
                       const torch::Tensor& encoder_states, const torch::Tensor& encoder_mask);
  // Decoder state for up to `max_steps` incremental steps over these encoder states.
  DecoderCache start_decoding(const torch::Tensor& encoder_states,
                              const torch::Tensor& encoder_mask, int64_t max_steps);
  // Decoder, one token per row at position cache.step: ids [B] -> [B, d_model]
  torch::Tensor decode_step(const torch::Tensor& ids, DecoderCache& cache);

  std::vector<std::shared_ptr<T5Block>> blocks;
  std::shared_ptr<T5LayerNorm> final_layer_norm;

 private:
  torch::Tensor run_blocks(torch::Tensor h, const torch::Tensor& self_bias,
                           const torch::Tensor& encoder_states, const torch::Tensor& cross_bias);

  std::shared_ptr<EmbeddingTable> embed_tokens_;
  bool is_decoder_;
  double dropout_;
};

}  // namespace mcplm
