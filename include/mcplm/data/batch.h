// Batches padded to their own longest row, and the order evaluation visits
// examples in.
#pragma once
#include <c10/core/Device.h>
#include <torch/types.h>

#include <cstddef>
#include <vector>

#include "mcplm/data/encoded_split.h"

namespace mcplm {

// One row of a batch: an example and which of its answers is the target.
struct Draw {
  std::size_t example = 0;
  std::size_t answer = 0;
};

struct Batch {
  torch::Tensor input_ids;       // [B, T] int64, pad_id after each row's tokens
  torch::Tensor attention_mask;  // [B, T] int64, 1 on tokens, 0 on padding
  // text: [B, L] int64 target ids, -100 on padding; class_id: [B] int64;
  // value: [B] float32.
  torch::Tensor labels;
  torch::Tensor decoder_attention_mask;  // text: [B, L] int64; undefined otherwise
  std::vector<std::size_t> examples;     // [B] the example of each row

  // The same rows with every tensor on `device` (built on the CPU, batches
  // move to the model's device when it runs them).
  Batch to(const c10::Device& device) const;
};

// Rows in the given order, each padded to the batch's longest row.
Batch make_batch(const EncodedSplit& split, const std::vector<Draw>& rows);
// Evaluation rows: each example with its first answer as the target.
Batch make_batch(const EncodedSplit& split, const std::vector<std::size_t>& examples);

// Example indices per evaluation batch: in file order, or, with
// `sort_by_length`, longest input first (ties in file order) so that rows of
// a batch have similar lengths and padding is small.
std::vector<std::vector<std::size_t>> plan_eval_batches(const EncodedSplit& split,
                                                        std::size_t batch_size,
                                                        bool sort_by_length);

// Per-example results produced batch by batch along `plan` (concatenated),
// put back in example order.
template <class T>
std::vector<T> in_example_order(const std::vector<std::vector<std::size_t>>& plan,
                                const std::vector<T>& in_plan_order) {
  std::vector<T> out(in_plan_order.size());
  std::size_t k = 0;
  for (const auto& batch : plan)
    for (std::size_t example : batch) out.at(example) = in_plan_order.at(k++);
  return out;
}

}  // namespace mcplm
