// Rows of ids padded into one rectangle with an attention mask, as
// transformers' tokenizer(batch, padding=...) returns them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "mcplm/text/tokenizer.h"

namespace mcplm {

enum class Padding {
  longest,     // to the longest row
  max_length,  // to max_length
};

struct TokenBatch {
  int64_t rows = 0, width = 0;
  std::vector<int64_t> input_ids;       // [rows, width] row-major, pad_id after each row
  std::vector<int64_t> attention_mask;  // [rows, width] 1 on tokens, 0 on padding
};

// Pads `rows` on the right with `pad_id`. Padding::max_length needs
// max_length > 0 and rows no longer than it (InputError otherwise).
TokenBatch pad_batch(const std::vector<std::vector<int64_t>>& rows, int64_t pad_id, Padding padding,
                     std::size_t max_length = 0);

// Encodes each text (truncated to max_length, 0 = none) and pads the batch.
TokenBatch encode_batch(const Tokenizer& tokenizer, const std::vector<std::string>& texts,
                        std::size_t max_length, Padding padding);
// Encodes each pair firsts[i], seconds[i] and pads the batch.
TokenBatch encode_pair_batch(const Tokenizer& tokenizer, const std::vector<std::string>& firsts,
                             const std::vector<std::string>& seconds, std::size_t max_length,
                             Padding padding);

}  // namespace mcplm
