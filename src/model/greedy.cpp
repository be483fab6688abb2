#include "mcplm/model/greedy.h"

#include <torch/torch.h>

#include <optional>

namespace mcplm {

torch::Tensor greedy_search(
    const T5Config& config, int64_t batch, torch::Device device, int64_t max_length,
    const std::function<torch::Tensor(const std::vector<torch::Tensor>& columns)>& next_logits) {
  auto long_options = torch::TensorOptions().dtype(torch::kLong).device(device);
  std::vector<torch::Tensor> columns{
      torch::full({batch}, config.decoder_start_token_id, long_options)};
  auto unfinished = torch::ones({batch}, long_options);  // [B]
  for (int64_t length = 1; length < max_length; ++length) {
    auto next = next_logits(columns).argmax(-1);  // [B]
    next = next * unfinished + config.pad_token_id * (1 - unfinished);
    columns.push_back(next);
    unfinished = unfinished * (next != config.eos_token_id).to(torch::kLong);
    if (unfinished.max().item<int64_t>() == 0) break;
  }
  return torch::stack(columns, 1);  // [B, L]
}

torch::Tensor greedy_decode(T5ForConditionalGeneration& model, const torch::Tensor& encoder_states,
                            const torch::Tensor& attention_mask, int64_t max_length) {
  torch::NoGradGuard no_grad;
  std::optional<DecoderCache> cache;
  if (max_length > 1) cache = model.start_decoding(encoder_states, attention_mask, max_length - 1);
  return greedy_search(model.config(), encoder_states.size(0), encoder_states.device(), max_length,
                       [&](const std::vector<torch::Tensor>& columns) {
                         return model.decode_step(columns.back(), *cache);  // [B, V]
                       });
}

}  // namespace mcplm
