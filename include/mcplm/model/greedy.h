// Greedy decoding with a key/value cache, as transformers 4.19's
// generate(num_beams=1, do_sample=False) does it for T5.
#pragma once
#include <torch/types.h>

#include <functional>
#include <vector>

#include "mcplm/model/t5.h"

namespace mcplm {

// Rows start with decoder_start_token_id; `max_length` counts that start token.
// A row finishes after emitting eos_token_id and emits pad_token_id afterwards;
// decoding ends when every row has finished or the length is reached. The
// encoder states are reused (encode once for loss and decoding). Runs without
// gradients in the model's current mode (call eval() first for inference).
// encoder_states [B, S, d_model], attention_mask [B, S] -> tokens [B, L], L <= max_length
torch::Tensor greedy_decode(T5ForConditionalGeneration& model, const torch::Tensor& encoder_states,
                            const torch::Tensor& attention_mask, int64_t max_length);

// The greedy loop both decoders share: `next_logits` gets the tokens so far
// (one [B] column per position, the start token first) and returns the
// logits of the next position [B, V]; the stop rule is greedy_decode's.
torch::Tensor greedy_search(
    const T5Config& config, int64_t batch, torch::Device device, int64_t max_length,
    const std::function<torch::Tensor(const std::vector<torch::Tensor>& columns)>& next_logits);

}  // namespace mcplm
