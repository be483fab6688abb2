// How training batches are formed: a batch of `bsz` lines is `accumulate`
// micro-batches of `micro` lines (the original's gradient accumulation), and
// a run lasts `total_updates` updates. Shared by `tune` and `curve`.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "mcplm/data/batch.h"
#include "mcplm/data/encoded_split.h"
#include "mcplm/data/train_sampler.h"
#include "mcplm/train/batch_share.h"

namespace mcplm {

struct BatchPlan {
  int64_t micro = 1, accumulate = 1, total_updates = 0;
};

// micro = min(bsz, micro_batch), accumulate = bsz / micro; total_updates =
// train_iters when given, else the updates of `train_epochs` epochs of
// `train_lines` lines (at least 1). InputError when neither is given.
BatchPlan plan_batches(int64_t bsz, int64_t micro_batch, std::size_t train_lines,
                       int64_t train_iters, int64_t train_epochs);

// The sampler of `split` in micro-batches of plan.micro lines.
std::unique_ptr<TrainSampler> make_train_sampler(const EncodedSplit& split, const BatchPlan& plan,
                                                 uint64_t seed);

// This rank's shares of the micro-batches of the next update (one process:
// the whole micro-batches); `ends_epoch` when one of them closed an epoch.
// Every rank draws the same micro-batches.
struct UpdateBatches {
  std::vector<MicroBatchShare> micro_batches;
  bool ends_epoch = false;
};
UpdateBatches next_update_batches(TrainSampler& sampler, const EncodedSplit& split,
                                  const BatchPlan& plan, int rank = 0, int world_size = 1);

}  // namespace mcplm
