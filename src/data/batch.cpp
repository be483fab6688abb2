#include "mcplm/data/batch.h"

#include <torch/torch.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace mcplm {
namespace {

// Rows padded with `pad` into ids [B, T_max] and a 0/1 mask [B, T_max].
std::pair<torch::Tensor, torch::Tensor> pad_rows(
    const std::vector<const std::vector<int64_t>*>& rows, int64_t pad) {
  std::size_t longest = 0;
  for (const auto* row : rows) longest = std::max(longest, row->size());
  const auto batch = static_cast<int64_t>(rows.size()), width = static_cast<int64_t>(longest);
  torch::Tensor ids = torch::full({batch, width}, pad, torch::kLong);  // [B, T]
  torch::Tensor mask = torch::zeros({batch, width}, torch::kLong);     // [B, T]
  auto id = ids.accessor<int64_t, 2>();
  auto on = mask.accessor<int64_t, 2>();
  for (int64_t b = 0; b < batch; ++b) {
    const auto& row = *rows[b];
    for (std::size_t t = 0; t < row.size(); ++t) id[b][t] = row[t], on[b][t] = 1;
  }
  return {ids, mask};
}

}  // namespace

Batch make_batch(const EncodedSplit& split, const std::vector<Draw>& rows) {
  if (rows.empty()) throw std::invalid_argument("make_batch: no rows");
  Batch batch;
  std::vector<const std::vector<int64_t>*> inputs;
  for (const auto& row : rows) {
    inputs.push_back(&split.inputs.at(row.example));
    batch.examples.push_back(row.example);
  }
  std::tie(batch.input_ids, batch.attention_mask) = pad_rows(inputs, split.pad_id);

  const auto size = static_cast<int64_t>(rows.size());
  switch (split.kind) {
    case TargetKind::text: {
      std::vector<const std::vector<int64_t>*> targets;
      for (const auto& row : rows) targets.push_back(&split.targets.at(row.example).at(row.answer));
      auto [ids, mask] = pad_rows(targets, split.pad_id);
      batch.labels = ids.masked_fill(mask == 0, -100);  // [B, L]
      batch.decoder_attention_mask = mask;              // [B, L]
      break;
    }
    case TargetKind::class_id: {
      batch.labels = torch::empty({size}, torch::kLong);  // [B]
      auto label = batch.labels.accessor<int64_t, 1>();
      for (int64_t b = 0; b < size; ++b) label[b] = split.class_ids.at(rows[b].example);
      break;
    }
    case TargetKind::value: {
      batch.labels = torch::empty({size}, torch::kFloat);  // [B]
      auto label = batch.labels.accessor<float, 1>();
      for (int64_t b = 0; b < size; ++b) label[b] = split.values.at(rows[b].example);
      break;
    }
  }
  return batch;
}

Batch Batch::to(const c10::Device& device) const {
  auto moved = [&](const torch::Tensor& t) { return t.defined() ? t.to(device) : t; };
  return {moved(input_ids), moved(attention_mask), moved(labels), moved(decoder_attention_mask),
          examples};
}

Batch make_batch(const EncodedSplit& split, const std::vector<std::size_t>& examples) {
  std::vector<Draw> rows;
  for (std::size_t example : examples) rows.push_back({example, 0});
  return make_batch(split, rows);
}

std::vector<std::vector<std::size_t>> plan_eval_batches(const EncodedSplit& split,
                                                        std::size_t batch_size,
                                                        bool sort_by_length) {
  if (batch_size == 0) throw std::invalid_argument("plan_eval_batches: batch size 0");
  std::vector<std::size_t> order(split.size());
  std::iota(order.begin(), order.end(), 0);
  if (sort_by_length)
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return split.inputs[a].size() > split.inputs[b].size();
    });
  std::vector<std::vector<std::size_t>> plan;
  for (std::size_t start = 0; start < order.size(); start += batch_size)
    plan.emplace_back(order.begin() + start,
                      order.begin() + std::min(order.size(), start + batch_size));
  return plan;
}

}  // namespace mcplm
