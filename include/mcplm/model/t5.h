// T5ForConditionalGeneration (transformers 4.19) with optional adapters.
// Parameter names are Hugging Face's: shared.weight, encoder.block.0.layer.0.
// SelfAttention.q.weight, ..., lm_head.weight (untied models only).
#pragma once
#include <torch/nn/module.h>

#include <memory>
#include <optional>
#include <string>

#include "mcplm/config/t5_config.h"
#include "mcplm/core/param_set.h"
#include "mcplm/model/adapter.h"
#include "mcplm/model/lora.h"
#include "mcplm/model/t5_layers.h"

namespace mcplm {

struct Seq2SeqOutput {
  torch::Tensor logits;      // [B, T, V]
  torch::Tensor loss;        // [] mean cross-entropy over labels != -100
  torch::Tensor token_loss;  // [B, T] cross-entropy per label, 0 where the label is -100
};

class T5ForConditionalGeneration : public torch::nn::Module {
 public:
  // Weights start at zero (layer norms at one): load them or call init_weights().
  explicit T5ForConditionalGeneration(const T5Config& config, const AdapterConfig& adapters = {});

  const T5Config& config() const { return config_; }
  const AdapterConfig& adapter_config() const { return adapters_; }

  // input_ids [B, S], attention_mask [B, S] -> encoder_last_hidden_state [B, S, d_model]
  torch::Tensor encode(const torch::Tensor& input_ids, const torch::Tensor& attention_mask);

  // Teacher-forced decoding: the decoder reads `labels` [B, T] shifted right behind
  // decoder_start_token_id (-100 read as pad); decoder_attention_mask [B, T] may be
  // undefined. encoder_states come from encode() with the same attention_mask.
  Seq2SeqOutput decode_labels(const torch::Tensor& encoder_states,
                              const torch::Tensor& attention_mask, const torch::Tensor& labels,
                              const torch::Tensor& decoder_attention_mask);

  // Decoder output -> vocabulary logits: tied models scale by d_model^-0.5 and
  // multiply by `shared`; untied ones apply lm_head. [..., d_model] -> [..., V]
  torch::Tensor lm_logits(const torch::Tensor& decoder_states);

  // Incremental decoding (see eval/greedy.h): state for up to `max_steps` steps,
  // then one token per row per call: tokens [B] -> next-token logits [B, V].
  DecoderCache start_decoding(const torch::Tensor& encoder_states,
                              const torch::Tensor& attention_mask, int64_t max_steps);
  torch::Tensor decode_step(const torch::Tensor& tokens, DecoderCache& cache);

  // Random weights as transformers' T5PreTrainedModel._init_weights draws them
  // (adapters from N(r_mean, r_std)), in parameter order from a generator seeded with `seed`.
  void init_weights(uint64_t seed);
  // Only the adapter matrices, from N(r_mean, r_std), in parameter order.
  void init_adapters(uint64_t seed);

  // LoRA on q and v of every attention (encoder self-attention, decoder self-
  // and cross-attention), as the original's apply_lora; the factors start at
  // zero: load them or call init_lora().
  void attach_lora(const LoraConfig& config);
  // The original's reset_parameters of every factor (A kaiming-uniform, B
  // zero), in parameter order from a generator seeded with `seed`.
  void init_lora(uint64_t seed);
  // The LoRA configuration attached, nullopt without LoRA.
  const std::optional<LoraConfig>& lora_config() const { return lora_; }

  std::shared_ptr<EmbeddingTable> shared;
  std::shared_ptr<T5Stack> encoder, decoder;
  std::shared_ptr<LinearNoBias> lm_head;  // null when tied to `shared`

 private:
  T5Config config_;
  AdapterConfig adapters_;
  std::optional<LoraConfig> lora_;
};

}  // namespace mcplm
