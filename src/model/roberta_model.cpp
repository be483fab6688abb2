#include "mcplm/model/roberta_model.h"

#include <torch/torch.h>

#include <limits>

#include "mcplm/model/normal_init.h"

namespace mcplm {

namespace nn = torch::nn;

torch::Tensor roberta_additive_mask(const torch::Tensor& attention_mask, torch::ScalarType dtype) {
  torch::Tensor keep = attention_mask.to(dtype).unsqueeze(1).unsqueeze(2);  // [B, 1, 1, T]
  double lowest = 0;
  AT_DISPATCH_FLOATING_TYPES_AND2(torch::kHalf, torch::kBFloat16, dtype, "roberta_additive_mask",
                                  [&] { lowest = std::numeric_limits<scalar_t>::lowest(); });
  return (1.0 - keep) * lowest;
}

RobertaEncoderImpl::RobertaEncoderImpl(const RobertaConfig& config, int64_t adapter_bottleneck) {
  layer = register_module("layer", nn::ModuleList());
  for (int64_t i = 0; i < config.num_hidden_layers; ++i)
    layer->push_back(RobertaLayer(config, adapter_bottleneck));
}

torch::Tensor RobertaEncoderImpl::forward(torch::Tensor h, const torch::Tensor& mask) {
  for (const auto& block : *layer) h = block->as<RobertaLayer>()->forward(h, mask);
  return h;
}

RobertaModelImpl::RobertaModelImpl(const RobertaConfig& config, int64_t adapter_bottleneck) {
  embeddings = register_module("embeddings", RobertaEmbeddings(config));
  encoder = register_module("encoder", RobertaEncoder(config, adapter_bottleneck));
}

torch::Tensor RobertaModelImpl::forward(const torch::Tensor& input_ids,
                                        const torch::Tensor& attention_mask,
                                        const torch::Tensor& token_type_ids) {
  torch::Tensor h = embeddings(input_ids, token_type_ids);                      // [B, T, d]
  torch::Tensor mask = roberta_additive_mask(attention_mask, h.scalar_type());  // [B, 1, 1, T]
  return encoder(h, mask);
}

void initialize_roberta_weights(nn::Module& module, double std, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  if (module.as<BottleneckAdapter>()) return;
  if (auto* linear = module.as<nn::Linear>()) {
    fill_normal(linear->weight, std, generator);
    if (linear->bias.defined()) linear->bias.zero_();
  } else if (auto* embedding = module.as<nn::Embedding>()) {
    fill_normal(embedding->weight, std, generator);
    if (auto pad = embedding->options.padding_idx()) embedding->weight[*pad].zero_();
  } else if (auto* norm = module.as<nn::LayerNorm>()) {
    norm->weight.fill_(1.0);
    norm->bias.zero_();
  }
  for (const auto& child : module.children()) initialize_roberta_weights(*child, std, generator);
}

void initialize_adapters(nn::Module& module, at::Generator& generator) {
  if (auto* adapter = module.as<BottleneckAdapter>()) {
    adapter->initialize(0.01, generator);
    return;
  }
  for (const auto& child : module.children()) initialize_adapters(*child, generator);
}

}  // namespace mcplm
