// Evaluation the way the original Python code runs it, kept as the baseline of
// `mcplm bench --compare-original`: inputs padded to --max-input-length, the
// loss from a full forward pass, then generate() encoding the inputs again and
// decoding greedily with a key/value cache, as transformers' generate does.
#pragma once
#include <torch/types.h>

#include "mcplm/model/t5.h"

namespace mcplm {

struct OriginalStyleOutput {
  double loss = 0;          // mean cross-entropy over the target tokens
  torch::Tensor generated;  // [B, L] greedy tokens, as greedy_decode() returns them
};

// input_ids/attention_mask [B, S] (S <= max_input_length), labels/decoder_mask [B, T].
OriginalStyleOutput evaluate_original_style(T5ForConditionalGeneration& model,
                                            const torch::Tensor& input_ids,
                                            const torch::Tensor& attention_mask,
                                            const torch::Tensor& labels,
                                            const torch::Tensor& decoder_mask,
                                            int64_t max_input_length, int64_t max_length);

}  // namespace mcplm
