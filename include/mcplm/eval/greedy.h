// Greedy decoding with a key/value cache, as transformers 4.19's
// generate(num_beams=1, do_sample=False) does it for T5.
#pragma once
#include <torch/types.h>

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

}  // namespace mcplm
