// Data parallelism's cut of a micro-batch: each rank takes a contiguous slice
// of its rows, weighted so that the ranks' weighted mean losses add up to the
// whole micro-batch's mean loss, whatever the slices' lengths.
#pragma once
#include <cstddef>
#include <vector>

#include "mcplm/data/batch.h"
#include "mcplm/data/encoded_split.h"
#include "mcplm/train/update_step.h"

namespace mcplm {

// The terms a mean loss averages: target tokens for text (T5), rows otherwise.
std::size_t loss_terms(const EncodedSplit& split, const std::vector<Draw>& rows);

// Rank `rank`'s slice of `rows` (sizes differ by at most one, later ranks'
// being the longer), as a batch with its weight. One rank: the whole
// micro-batch with weight exactly 1.
MicroBatchShare share_of(const EncodedSplit& split, const std::vector<Draw>& rows, int rank,
                         int world_size);

}  // namespace mcplm
