#include "mcplm/eval/greedy.h"

#include <torch/torch.h>

namespace mcplm {

torch::Tensor greedy_decode(T5ForConditionalGeneration& model, const torch::Tensor& encoder_states,
                            const torch::Tensor& attention_mask, int64_t max_length) {
  torch::NoGradGuard no_grad;
  const auto& config = model.config();
  const int64_t batch = encoder_states.size(0);
  auto long_options = torch::TensorOptions().dtype(torch::kLong).device(encoder_states.device());
  std::vector<torch::Tensor> columns{
      torch::full({batch}, config.decoder_start_token_id, long_options)};
  if (max_length <= 1) return torch::stack(columns, 1);

  DecoderCache cache = model.start_decoding(encoder_states, attention_mask, max_length - 1);
  auto unfinished = torch::ones({batch}, long_options);  // [B]
  for (int64_t length = 1; length < max_length; ++length) {
    auto logits = model.decode_step(columns.back(), cache);  // [B, V]
    auto next = logits.argmax(-1);                           // [B]
    next = next * unfinished + config.pad_token_id * (1 - unfinished);
    columns.push_back(next);
    unfinished = unfinished * (next != config.eos_token_id).to(torch::kLong);
    if (unfinished.max().item<int64_t>() == 0) break;
  }
  return torch::stack(columns, 1);  // [B, L]
}

}  // namespace mcplm
