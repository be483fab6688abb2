#include "mcplm/bench/original_style.h"

#include <torch/torch.h>

#include "mcplm/model/greedy.h"

namespace mcplm {

namespace {

// Rows right-padded to `length` with `value`. [B, S] -> [B, max(S, length)]
torch::Tensor pad_to(const torch::Tensor& t, int64_t length, int64_t value) {
  if (t.size(1) >= length) return t;
  return torch::constant_pad_nd(t, {0, length - t.size(1)}, value);
}

}  // namespace

OriginalStyleOutput evaluate_original_style(T5ForConditionalGeneration& model,
                                            const torch::Tensor& input_ids,
                                            const torch::Tensor& attention_mask,
                                            const torch::Tensor& labels,
                                            const torch::Tensor& decoder_mask,
                                            int64_t max_input_length, int64_t max_length) {
  torch::NoGradGuard no_grad;
  auto ids = pad_to(input_ids, max_input_length, model.config().pad_token_id);  // [B, 512]
  auto mask = pad_to(attention_mask, max_input_length, 0);                      // [B, 512]
  OriginalStyleOutput out;
  auto states = model.encode(ids, mask);
  out.loss = model.decode_labels(states, mask, labels, decoder_mask).loss.item<double>();
  // generate() encodes the inputs again and decodes with its key/value cache.
  out.generated = greedy_decode(model, model.encode(ids, mask), mask, max_length);
  return out;
}

}  // namespace mcplm
