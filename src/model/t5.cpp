#include "mcplm/model/t5.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>

#include "mcplm/model/module_params.h"

namespace mcplm {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_adapter(const std::string& name) { return name.find(".adapter.") != std::string::npos; }

// The standard deviation transformers' _init_weights uses for `name`
// (initializer_factor 1); negative for layer norms, which start at one.
double init_std(const T5Config& c, const AdapterConfig& adapters, const std::string& name) {
  if (is_adapter(name)) return adapters.r_std;
  if (ends_with(name, "layer_norm.weight")) return -1;
  if (name == "shared.weight" || name == "lm_head.weight") return 1.0;
  if (ends_with(name, ".relative_attention_bias.weight")) return std::pow(c.d_model, -0.5);
  if (ends_with(name, ".q.weight")) return std::pow(c.d_model * c.d_kv, -0.5);
  if (ends_with(name, ".k.weight") || ends_with(name, ".v.weight"))
    return std::pow(c.d_model, -0.5);
  if (ends_with(name, ".o.weight")) return std::pow(c.num_heads * c.d_kv, -0.5);
  if (ends_with(name, ".wo.weight")) return std::pow(c.d_ff, -0.5);
  return std::pow(c.d_model, -0.5);  // wi, wi_0, wi_1
}

void draw_normal(torch::Tensor& param, double mean, double std, at::Generator& generator) {
  param.copy_(torch::empty(param.sizes(), torch::kFloat).normal_(mean, std, generator));
}

}  // namespace

T5ForConditionalGeneration::T5ForConditionalGeneration(const T5Config& config,
                                                       const AdapterConfig& adapters)
    : config_(config), adapters_(adapters) {
  shared = register_module("shared",
                           std::make_shared<EmbeddingTable>(config.vocab_size, config.d_model));
  encoder = register_module("encoder", std::make_shared<T5Stack>(config, false, adapters, shared));
  decoder = register_module("decoder", std::make_shared<T5Stack>(config, true, adapters, shared));
  if (!config.tie_word_embeddings)
    lm_head = register_module("lm_head",
                              std::make_shared<LinearNoBias>(config.d_model, config.vocab_size));
}

torch::Tensor T5ForConditionalGeneration::encode(const torch::Tensor& input_ids,
                                                 const torch::Tensor& attention_mask) {
  return encoder->encode(input_ids, attention_mask);
}

Seq2SeqOutput T5ForConditionalGeneration::decode_labels(
    const torch::Tensor& encoder_states, const torch::Tensor& attention_mask,
    const torch::Tensor& labels, const torch::Tensor& decoder_attention_mask) {
  const int64_t batch = labels.size(0), length = labels.size(1);
  auto start = torch::full({batch, 1}, config_.decoder_start_token_id, labels.options());
  auto decoder_ids = torch::cat({start, labels.narrow(1, 0, length - 1)}, 1);  // [B, T]
  decoder_ids = decoder_ids.masked_fill(decoder_ids == -100, config_.pad_token_id);

  auto states =
      decoder->decode(decoder_ids, decoder_attention_mask, encoder_states, attention_mask);
  Seq2SeqOutput out;
  out.logits = lm_logits(states);  // [B, T, V]
  namespace F = torch::nn::functional;
  out.token_loss =
      F::cross_entropy(out.logits.view({-1, out.logits.size(-1)}), labels.reshape(-1),
                       F::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kNone))
          .view({batch, length});
  out.loss = out.token_loss.sum() / (labels != -100).sum();
  return out;
}

torch::Tensor T5ForConditionalGeneration::lm_logits(const torch::Tensor& decoder_states) {
  if (lm_head) return lm_head->forward(decoder_states);
  return torch::linear(decoder_states * std::pow(static_cast<double>(config_.d_model), -0.5),
                       shared->weight);
}

DecoderCache T5ForConditionalGeneration::start_decoding(const torch::Tensor& encoder_states,
                                                        const torch::Tensor& attention_mask,
                                                        int64_t max_steps) {
  return decoder->start_decoding(encoder_states, attention_mask, max_steps);
}

torch::Tensor T5ForConditionalGeneration::decode_step(const torch::Tensor& tokens,
                                                      DecoderCache& cache) {
  return lm_logits(decoder->decode_step(tokens, cache));
}

void T5ForConditionalGeneration::init_weights(uint64_t seed) {
  torch::NoGradGuard no_grad;
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  for (auto& item : named_parameters()) {
    auto& param = item.value();
    double std = init_std(config_, adapters_, item.key());
    if (std < 0)
      param.fill_(1.0);
    else
      draw_normal(param, is_adapter(item.key()) ? adapters_.r_mean : 0.0, std, generator);
  }
}

void T5ForConditionalGeneration::init_adapters(uint64_t seed) {
  torch::NoGradGuard no_grad;
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  for (auto& item : named_parameters())
    if (is_adapter(item.key()))
      draw_normal(item.value(), adapters_.r_mean, adapters_.r_std, generator);
}

void T5ForConditionalGeneration::attach_lora(const LoraConfig& config) {
  for (const auto& stack : {encoder, decoder}) {
    for (const auto& block : stack->blocks) {
      block->self_attention->SelfAttention->q->attach_lora(config);
      block->self_attention->SelfAttention->v->attach_lora(config);
      if (block->cross_attention) {
        block->cross_attention->EncDecAttention->q->attach_lora(config);
        block->cross_attention->EncDecAttention->v->attach_lora(config);
      }
    }
  }
  lora_ = config;
}

void T5ForConditionalGeneration::init_lora(uint64_t seed) {
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  init_lora_factors(*this, generator);
}

}  // namespace mcplm
