#include "mcplm/model/t5_layers.h"

#include <torch/torch.h>

#include <cmath>

namespace mcplm {

namespace {

// The attention masks as transformers 4.19 builds them: -10000 on masked
// self-attention positions, -1e9 on masked encoder positions in cross-attention.
constexpr double kSelfMaskValue = -10000.0;
constexpr double kCrossMaskValue = -1e9;

// mask [B, ...] of 1/0 -> (1 - mask) * value
torch::Tensor additive_mask(const torch::Tensor& mask, double value) {
  return (1.0 - mask.to(torch::kFloat)) * value;
}

// h + dropout(adapter(out)): the adapter sees the sub-layer output before dropout and residual.
torch::Tensor add_residual(const torch::Tensor& h, torch::Tensor out,
                           const std::shared_ptr<Adapter>& adapter, double dropout, bool training) {
  if (adapter) out = adapter->forward(out);
  return h + torch::dropout(out, dropout, training);
}

std::shared_ptr<Adapter> make_adapter(const T5Config& config, const AdapterConfig& adapters) {
  return std::make_shared<Adapter>(config.d_model, adapters.size, adapters.activation());
}

}  // namespace

LinearNoBias::LinearNoBias(int64_t in_features, int64_t out_features) {
  weight = register_parameter("weight", torch::zeros({out_features, in_features}));
}

torch::Tensor LinearNoBias::forward(const torch::Tensor& x) {
  torch::Tensor y = torch::linear(x, weight);
  return lora.attached() ? y + lora.forward(x, is_training()) : y;
}

void LinearNoBias::attach_lora(const LoraConfig& config) {
  lora.attach(*this, weight.size(1), weight.size(0), config);
}

EmbeddingTable::EmbeddingTable(int64_t num_embeddings, int64_t dim) {
  weight = register_parameter("weight", torch::zeros({num_embeddings, dim}));
}

torch::Tensor EmbeddingTable::forward(const torch::Tensor& ids) {
  return torch::embedding(weight, ids);
}

T5LayerNorm::T5LayerNorm(int64_t d_model, double eps) : eps_(eps) {
  weight = register_parameter("weight", torch::ones({d_model}));
}

torch::Tensor T5LayerNorm::forward(const torch::Tensor& x) {
  auto variance = x.pow(2).mean(-1, /*keepdim=*/true);  // [..., 1]
  return weight * (x * torch::rsqrt(variance + eps_));
}

torch::Tensor relative_position_bucket(const torch::Tensor& relative_position, bool bidirectional,
                                       int64_t num_buckets, int64_t max_distance) {
  auto buckets = torch::zeros_like(relative_position);
  torch::Tensor position = relative_position;
  if (bidirectional) {
    num_buckets /= 2;
    buckets = buckets + (position > 0).to(torch::kLong) * num_buckets;
    position = torch::abs(position);
  } else {
    position = -torch::min(position, torch::zeros_like(position));
  }
  // Half of the buckets are exact offsets, the other half logarithmic up to max_distance.
  const int64_t max_exact = num_buckets / 2;
  auto is_small = position < max_exact;
  auto if_large =
      max_exact + (torch::log(position.to(torch::kFloat) / max_exact) /
                   std::log(static_cast<double>(max_distance) / static_cast<double>(max_exact)) *
                   (num_buckets - max_exact))
                      .to(torch::kLong);
  if_large = torch::min(if_large, torch::full_like(if_large, num_buckets - 1));
  return buckets + torch::where(is_small, position, if_large);
}

T5Attention::T5Attention(const T5Config& config, bool is_decoder, bool has_relative_attention_bias)
    : is_decoder_(is_decoder),
      num_heads_(config.num_heads),
      d_kv_(config.d_kv),
      num_buckets_(config.relative_attention_num_buckets),
      max_distance_(config.relative_attention_max_distance),
      dropout_(config.dropout_rate) {
  const int64_t inner = config.inner_dim();
  q = register_module("q", std::make_shared<LinearNoBias>(config.d_model, inner));
  k = register_module("k", std::make_shared<LinearNoBias>(config.d_model, inner));
  v = register_module("v", std::make_shared<LinearNoBias>(config.d_model, inner));
  o = register_module("o", std::make_shared<LinearNoBias>(inner, config.d_model));
  if (has_relative_attention_bias)
    relative_attention_bias = register_module(
        "relative_attention_bias", std::make_shared<EmbeddingTable>(num_buckets_, num_heads_));
}

torch::Tensor T5Attention::split_heads(const torch::Tensor& x) {
  return x.view({x.size(0), -1, num_heads_, d_kv_}).transpose(1, 2);
}

torch::Tensor T5Attention::query(const torch::Tensor& x) { return split_heads(q->forward(x)); }

KeyValue T5Attention::keys_values(const torch::Tensor& x) {
  return {split_heads(k->forward(x)), split_heads(v->forward(x))};
}

torch::Tensor T5Attention::attend(const torch::Tensor& query, const KeyValue& kv,
                                  const torch::Tensor& bias) {
  auto scores = torch::matmul(query, kv.key.transpose(3, 2)) + bias;  // [B, H, Tq, Tk]
  auto weights = torch::dropout(torch::softmax(scores, -1), dropout_, is_training());
  auto context = torch::matmul(weights, kv.value);  // [B, H, Tq, d_kv]
  context = context.transpose(1, 2).contiguous().view({query.size(0), -1, num_heads_ * d_kv_});
  return o->forward(context);  // [B, Tq, d_model]
}

torch::Tensor T5Attention::position_bias(int64_t query_length, int64_t key_length) {
  TORCH_CHECK(relative_attention_bias,
              "position_bias needs the layer with relative_attention_bias");
  auto options =
      torch::TensorOptions().dtype(torch::kLong).device(relative_attention_bias->weight.device());
  auto context = torch::arange(query_length, options).unsqueeze(1);  // [Tq, 1]
  auto memory = torch::arange(key_length, options).unsqueeze(0);     // [1, Tk]
  auto buckets =
      relative_position_bucket(memory - context, !is_decoder_, num_buckets_, max_distance_);
  auto values = relative_attention_bias->forward(buckets);  // [Tq, Tk, H]
  return values.permute({2, 0, 1}).unsqueeze(0);            // [1, H, Tq, Tk]
}

T5LayerSelfAttention::T5LayerSelfAttention(const T5Config& config, bool is_decoder,
                                           bool has_relative_attention_bias,
                                           const AdapterConfig& adapters)
    : dropout_(config.dropout_rate) {
  SelfAttention = register_module(
      "SelfAttention",
      std::make_shared<T5Attention>(config, is_decoder, has_relative_attention_bias));
  layer_norm = register_module(
      "layer_norm", std::make_shared<T5LayerNorm>(config.d_model, config.layer_norm_epsilon));
  if (adapters.type == AdapterType::Houlsby)
    adapter = register_module("adapter", make_adapter(config, adapters));
}

torch::Tensor T5LayerSelfAttention::forward(const torch::Tensor& h, const torch::Tensor& bias) {
  auto normed = layer_norm->forward(h);
  auto out =
      SelfAttention->attend(SelfAttention->query(normed), SelfAttention->keys_values(normed), bias);
  return add_residual(h, out, adapter, dropout_, is_training());
}

torch::Tensor T5LayerSelfAttention::forward_step(const torch::Tensor& h, const torch::Tensor& bias,
                                                 SelfAttentionCache& cache) {
  auto normed = layer_norm->forward(h);  // [B, 1, d_model]
  KeyValue fresh = SelfAttention->keys_values(normed);
  cache.key.narrow(2, cache.length, 1).copy_(fresh.key);
  cache.value.narrow(2, cache.length, 1).copy_(fresh.value);
  ++cache.length;
  KeyValue all{cache.key.narrow(2, 0, cache.length), cache.value.narrow(2, 0, cache.length)};
  auto out = SelfAttention->attend(SelfAttention->query(normed), all, bias);
  return add_residual(h, out, adapter, dropout_, is_training());
}

T5LayerCrossAttention::T5LayerCrossAttention(const T5Config& config, const AdapterConfig& adapters)
    : dropout_(config.dropout_rate) {
  EncDecAttention =
      register_module("EncDecAttention", std::make_shared<T5Attention>(config, true, false));
  layer_norm = register_module(
      "layer_norm", std::make_shared<T5LayerNorm>(config.d_model, config.layer_norm_epsilon));
  if (adapters.type == AdapterType::Houlsby)
    adapter = register_module("adapter", make_adapter(config, adapters));
}

torch::Tensor T5LayerCrossAttention::forward(const torch::Tensor& h, const KeyValue& encoder,
                                             const torch::Tensor& bias) {
  auto out = EncDecAttention->attend(EncDecAttention->query(layer_norm->forward(h)), encoder, bias);
  return add_residual(h, out, adapter, dropout_, is_training());
}

T5DenseActDense::T5DenseActDense(const T5Config& config)
    : activation_(config.ffn_activation), dropout_(config.dropout_rate) {
  if (config.gated_ffn) {
    wi_0 = register_module("wi_0", std::make_shared<LinearNoBias>(config.d_model, config.d_ff));
    wi_1 = register_module("wi_1", std::make_shared<LinearNoBias>(config.d_model, config.d_ff));
  } else {
    wi = register_module("wi", std::make_shared<LinearNoBias>(config.d_model, config.d_ff));
  }
  wo = register_module("wo", std::make_shared<LinearNoBias>(config.d_ff, config.d_model));
}

torch::Tensor T5DenseActDense::forward(const torch::Tensor& x) {
  torch::Tensor hidden;  // [B, T, d_ff]
  if (wi)
    hidden = apply_activation(activation_, wi->forward(x));
  else
    hidden = apply_activation(activation_, wi_0->forward(x)) * wi_1->forward(x);
  return wo->forward(torch::dropout(hidden, dropout_, is_training()));
}

T5LayerFF::T5LayerFF(const T5Config& config, const AdapterConfig& adapters)
    : dropout_(config.dropout_rate) {
  DenseReluDense = register_module("DenseReluDense", std::make_shared<T5DenseActDense>(config));
  layer_norm = register_module(
      "layer_norm", std::make_shared<T5LayerNorm>(config.d_model, config.layer_norm_epsilon));
  if (adapters.enabled()) adapter = register_module("adapter", make_adapter(config, adapters));
}

torch::Tensor T5LayerFF::forward(const torch::Tensor& h) {
  auto out = DenseReluDense->forward(layer_norm->forward(h));
  return add_residual(h, out, adapter, dropout_, is_training());
}

T5Block::T5Block(const T5Config& config, bool is_decoder, bool has_relative_attention_bias,
                 const AdapterConfig& adapters) {
  auto layers = register_module("layer", torch::nn::ModuleList());
  self_attention = std::make_shared<T5LayerSelfAttention>(config, is_decoder,
                                                          has_relative_attention_bias, adapters);
  layers->push_back(self_attention);
  if (is_decoder) {
    cross_attention = std::make_shared<T5LayerCrossAttention>(config, adapters);
    layers->push_back(cross_attention);
  }
  feed_forward = std::make_shared<T5LayerFF>(config, adapters);
  layers->push_back(feed_forward);
}

torch::Tensor T5Block::forward(const torch::Tensor& h, const torch::Tensor& self_bias,
                               const KeyValue* encoder, const torch::Tensor& cross_bias) {
  auto x = self_attention->forward(h, self_bias);
  if (cross_attention) x = cross_attention->forward(x, *encoder, cross_bias);
  return feed_forward->forward(x);
}

torch::Tensor T5Block::forward_step(const torch::Tensor& h, const torch::Tensor& self_bias,
                                    DecoderLayerCache& cache, const torch::Tensor& cross_bias) {
  auto x = self_attention->forward_step(h, self_bias, cache.self_attention);
  x = cross_attention->forward(x, cache.cross_attention, cross_bias);
  return feed_forward->forward(x);
}

T5Stack::T5Stack(const T5Config& config, bool is_decoder, const AdapterConfig& adapters,
                 std::shared_ptr<EmbeddingTable> embed_tokens)
    : embed_tokens_(std::move(embed_tokens)),
      is_decoder_(is_decoder),
      dropout_(config.dropout_rate) {
  auto list = register_module("block", torch::nn::ModuleList());
  const int64_t layers = is_decoder ? config.num_decoder_layers : config.num_layers;
  for (int64_t i = 0; i < layers; ++i) {
    blocks.push_back(std::make_shared<T5Block>(config, is_decoder, i == 0, adapters));
    list->push_back(blocks.back());
  }
  final_layer_norm = register_module(
      "final_layer_norm", std::make_shared<T5LayerNorm>(config.d_model, config.layer_norm_epsilon));
}

torch::Tensor T5Stack::run_blocks(torch::Tensor h, const torch::Tensor& self_bias,
                                  const torch::Tensor& encoder_states,
                                  const torch::Tensor& cross_bias) {
  h = torch::dropout(h, dropout_, is_training());
  for (auto& block : blocks) {
    if (is_decoder_) {
      KeyValue encoder = block->cross_attention->EncDecAttention->keys_values(encoder_states);
      h = block->forward(h, self_bias, &encoder, cross_bias);
    } else {
      h = block->forward(h, self_bias, nullptr, cross_bias);
    }
  }
  return torch::dropout(final_layer_norm->forward(h), dropout_, is_training());
}

torch::Tensor T5Stack::encode(const torch::Tensor& ids, const torch::Tensor& mask) {
  TORCH_CHECK(!is_decoder_, "encode() on a decoder stack");
  const int64_t length = ids.size(1);
  auto attention = blocks.front()->self_attention->SelfAttention;
  auto mask_bias = additive_mask(mask.unsqueeze(1).unsqueeze(1), kSelfMaskValue);  // [B, 1, 1, S]
  auto self_bias = attention->position_bias(length, length) + mask_bias;           // [B, H, S, S]
  return run_blocks(embed_tokens_->forward(ids), self_bias, {}, {});
}

torch::Tensor T5Stack::decode(const torch::Tensor& ids, const torch::Tensor& mask,
                              const torch::Tensor& encoder_states,
                              const torch::Tensor& encoder_mask) {
  TORCH_CHECK(is_decoder_, "decode() on an encoder stack");
  const int64_t length = ids.size(1);
  auto attention = blocks.front()->self_attention->SelfAttention;
  auto visible =
      torch::ones({length, length}, ids.options().dtype(torch::kFloat)).tril();  // [T, T]
  if (mask.defined()) visible = visible * mask.to(torch::kFloat).unsqueeze(1).unsqueeze(1);
  auto self_bias =
      attention->position_bias(length, length) + additive_mask(visible, kSelfMaskValue);
  auto cross_bias = additive_mask(encoder_mask.unsqueeze(1).unsqueeze(1), kCrossMaskValue);
  return run_blocks(embed_tokens_->forward(ids), self_bias, encoder_states, cross_bias);
}

DecoderCache T5Stack::start_decoding(const torch::Tensor& encoder_states,
                                     const torch::Tensor& encoder_mask, int64_t max_steps) {
  TORCH_CHECK(is_decoder_, "start_decoding() on an encoder stack");
  DecoderCache cache;
  cache.max_steps = max_steps;
  cache.self_bias =
      blocks.front()->self_attention->SelfAttention->position_bias(max_steps, max_steps);
  cache.cross_bias = additive_mask(encoder_mask.unsqueeze(1).unsqueeze(1), kCrossMaskValue);
  for (auto& block : blocks) {
    DecoderLayerCache layer;
    layer.cross_attention = block->cross_attention->EncDecAttention->keys_values(encoder_states);
    const auto& key = layer.cross_attention.key;  // [B, H, S, d_kv]
    auto shape = std::vector<int64_t>{key.size(0), key.size(1), max_steps, key.size(3)};
    layer.self_attention.key = torch::empty(shape, key.options());
    layer.self_attention.value = torch::empty(shape, key.options());
    cache.layers.push_back(std::move(layer));
  }
  return cache;
}

torch::Tensor T5Stack::decode_step(const torch::Tensor& ids, DecoderCache& cache) {
  TORCH_CHECK(cache.step < cache.max_steps, "decode_step() past the cache's max_steps");
  const int64_t t = cache.step;
  // Row t of the bias, columns 0..t: what transformers slices from compute_bias(t+1, t+1).
  auto self_bias = cache.self_bias.narrow(2, t, 1).narrow(3, 0, t + 1);  // [1, H, 1, t+1]
  auto h = torch::dropout(embed_tokens_->forward(ids.unsqueeze(1)), dropout_, is_training());
  for (std::size_t i = 0; i < blocks.size(); ++i)
    h = blocks[i]->forward_step(h, self_bias, cache.layers[i], cache.cross_bias);
  ++cache.step;
  h = torch::dropout(final_layer_norm->forward(h), dropout_, is_training());  // [B, 1, d_model]
  return h.squeeze(1);
}

}  // namespace mcplm
