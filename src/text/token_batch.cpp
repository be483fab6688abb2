#include "mcplm/text/token_batch.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "mcplm/core/error.h"

namespace mcplm {

TokenBatch pad_batch(const std::vector<std::vector<int64_t>>& rows, int64_t pad_id, Padding padding,
                     std::size_t max_length) {
  std::size_t longest = 0;
  for (const auto& row : rows) longest = std::max(longest, row.size());
  std::size_t width = longest;
  if (padding == Padding::max_length) {
    if (max_length == 0) throw InputError("padding to max_length needs a max_length above 0");
    if (longest > max_length)
      throw InputError(
          fmt::format("a row of {} ids does not fit max_length {}", longest, max_length));
    width = max_length;
  }
  TokenBatch batch;
  batch.rows = static_cast<int64_t>(rows.size());
  batch.width = static_cast<int64_t>(width);
  batch.input_ids.assign(rows.size() * width, pad_id);
  batch.attention_mask.assign(rows.size() * width, 0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::copy(rows[r].begin(), rows[r].end(), batch.input_ids.begin() + r * width);
    std::fill_n(batch.attention_mask.begin() + r * width, rows[r].size(), 1);
  }
  return batch;
}

TokenBatch encode_batch(const Tokenizer& tokenizer, const std::vector<std::string>& texts,
                        std::size_t max_length, Padding padding) {
  std::vector<std::vector<int64_t>> rows;
  rows.reserve(texts.size());
  for (const auto& text : texts) rows.push_back(tokenizer.encode(text, max_length));
  return pad_batch(rows, tokenizer.pad_id(), padding, max_length);
}

TokenBatch encode_pair_batch(const Tokenizer& tokenizer, const std::vector<std::string>& firsts,
                             const std::vector<std::string>& seconds, std::size_t max_length,
                             Padding padding) {
  if (firsts.size() != seconds.size())
    throw std::invalid_argument("encode_pair_batch: firsts and seconds differ in length");
  std::vector<std::vector<int64_t>> rows;
  rows.reserve(firsts.size());
  for (std::size_t i = 0; i < firsts.size(); ++i)
    rows.push_back(tokenizer.encode_pair(firsts[i], seconds[i], max_length));
  return pad_batch(rows, tokenizer.pad_id(), padding, max_length);
}

}  // namespace mcplm
