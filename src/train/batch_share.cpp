#include "mcplm/train/batch_share.h"

namespace mcplm {

std::size_t loss_terms(const EncodedSplit& split, const std::vector<Draw>& rows) {
  if (split.kind != TargetKind::text) return rows.size();
  std::size_t tokens = 0;
  for (const auto& row : rows) tokens += split.targets.at(row.example).at(row.answer).size();
  return tokens;
}

MicroBatchShare share_of(const EncodedSplit& split, const std::vector<Draw>& rows, int rank,
                         int world_size) {
  const auto n = rows.size(), r = static_cast<std::size_t>(rank),
             w = static_cast<std::size_t>(world_size);
  const std::vector<Draw> slice(rows.begin() + static_cast<std::ptrdiff_t>(n * r / w),
                                rows.begin() + static_cast<std::ptrdiff_t>(n * (r + 1) / w));
  MicroBatchShare share;
  if (slice.empty()) return share;
  share.rows = make_batch(split, slice);
  if (world_size > 1)
    share.weight = static_cast<double>(loss_terms(split, slice)) /
                   static_cast<double>(loss_terms(split, rows));
  return share;
}

}  // namespace mcplm
