// One post-norm RoBERTa encoder layer with transformers' module names:
//
//   attention.self.{query,key,value}       multi-head self-attention
//   attention.output.{dense,LayerNorm}     a = LN(dropout(dense(ctx)) + h)
//   intermediate.dense                     f = act(dense(a))
//   output.{dense,LayerNorm}               o = LN(dropout(dense(f)) + a)
//
// With adapters (OpenDelta's AdapterModel defaults on RoBERTa), an adapter
// is attached to the whole `attention` block and to the `output` block and
// transforms each block's result after its LayerNorm:
//
//   a = adapter_attn(LN(dropout(dense(ctx)) + h))         attention.adapter.*
//   o = adapter_ff(LN(dropout(dense(act(dense(a)))) + a))  output.adapter.*
//
// The adapted `a` feeds both the FFN and the FFN's residual, as in OpenDelta,
// whose default modified modules "attn" and "ff" map (by its common structure
// mapping for RoBERTa) to `roberta.encoder.layer.N.attention` and
// `roberta.encoder.layer.N.output`, and whose adapters post-process those
// modules' outputs.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include "mcplm/config/roberta_config.h"
#include "mcplm/model/bottleneck_adapter.h"
#include "mcplm/model/lora.h"

namespace mcplm {

class RobertaSelfAttentionImpl : public torch::nn::Module {
 public:
  explicit RobertaSelfAttentionImpl(const RobertaConfig& config);
  // mask: additive, 0 for keys to attend to, a large negative number else.
  torch::Tensor forward(const torch::Tensor& h,      // [B, T, d]
                        const torch::Tensor& mask);  // [B, 1, 1, T] -> [B, T, d]
  // LoRA on `query` and `value`: query.lora_A [d, r], query.lora_B [r, d], ...
  void attach_lora(const LoraConfig& config);

  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
  torch::nn::Dropout dropout{nullptr};
  LoraBranch query_lora, value_lora;  // unattached without LoRA

 private:
  int64_t heads_;
  int64_t head_size_;
};
TORCH_MODULE(RobertaSelfAttention);

// dense -> dropout -> LayerNorm(x + residual) [-> adapter]: transformers'
// RobertaSelfOutput (`attention.output`, never adapted) and RobertaOutput
// (`output`, adapted when adapter_bottleneck > 0).
class RobertaResidualOutputImpl : public torch::nn::Module {
 public:
  RobertaResidualOutputImpl(int64_t in_features, const RobertaConfig& config,
                            int64_t adapter_bottleneck);
  torch::Tensor forward(const torch::Tensor& x,          // [B, T, in]
                        const torch::Tensor& residual);  // [B, T, d] -> [B, T, d]

  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm layer_norm{nullptr};
  torch::nn::Dropout dropout{nullptr};
  BottleneckAdapter adapter{nullptr};  // null without adapters
};
TORCH_MODULE(RobertaResidualOutput);

// transformers' RobertaAttention: children `self` and `output` (+ `adapter`).
class RobertaAttentionImpl : public torch::nn::Module {
 public:
  RobertaAttentionImpl(const RobertaConfig& config, int64_t adapter_bottleneck);
  torch::Tensor forward(const torch::Tensor& h,      // [B, T, d]
                        const torch::Tensor& mask);  // [B, 1, 1, T] -> [B, T, d]

  RobertaSelfAttention self_attention{nullptr};
  RobertaResidualOutput output{nullptr};
  BottleneckAdapter adapter{nullptr};  // null without adapters
};
TORCH_MODULE(RobertaAttention);

// intermediate.dense followed by the configured GELU.
class RobertaIntermediateImpl : public torch::nn::Module {
 public:
  explicit RobertaIntermediateImpl(const RobertaConfig& config);
  torch::Tensor forward(const torch::Tensor& a);  // [B, T, d] -> [B, T, d_ff]

  torch::nn::Linear dense{nullptr};

 private:
  bool exact_gelu_;
};
TORCH_MODULE(RobertaIntermediate);

class RobertaLayerImpl : public torch::nn::Module {
 public:
  // adapter_bottleneck 0: no adapters.
  RobertaLayerImpl(const RobertaConfig& config, int64_t adapter_bottleneck);
  torch::Tensor forward(const torch::Tensor& h,      // [B, T, d]
                        const torch::Tensor& mask);  // [B, 1, 1, T] -> [B, T, d]

  RobertaAttention attention{nullptr};
  RobertaIntermediate intermediate{nullptr};
  RobertaResidualOutput output{nullptr};
};
TORCH_MODULE(RobertaLayer);

}  // namespace mcplm
