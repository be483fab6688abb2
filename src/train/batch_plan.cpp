#include "mcplm/train/batch_plan.h"

#include <algorithm>

#include "mcplm/core/error.h"

namespace mcplm {

BatchPlan plan_batches(int64_t bsz, int64_t micro_batch, std::size_t train_lines,
                       int64_t train_iters, int64_t train_epochs) {
  if (train_iters <= 0 && train_epochs <= 0)
    throw InputError("give --train-iters or --train-epochs");
  BatchPlan plan;
  plan.micro = std::min<int64_t>(bsz, micro_batch);
  plan.accumulate = std::max<int64_t>(1, bsz / plan.micro);
  const int64_t batches_per_epoch =
      (static_cast<int64_t>(train_lines) + plan.micro - 1) / plan.micro;
  plan.total_updates =
      train_iters > 0 ? train_iters
                      : std::max<int64_t>(1, batches_per_epoch * train_epochs / plan.accumulate);
  return plan;
}

std::unique_ptr<TrainSampler> make_train_sampler(const EncodedSplit& split, const BatchPlan& plan,
                                                 uint64_t seed) {
  std::vector<std::size_t> answers;
  for (std::size_t i = 0; i < split.size(); ++i) answers.push_back(split.answer_count(i));
  return std::make_unique<TrainSampler>(answers, static_cast<std::size_t>(plan.micro), seed);
}

UpdateBatches next_update_batches(TrainSampler& sampler, const EncodedSplit& split,
                                  const BatchPlan& plan, int rank, int world_size) {
  UpdateBatches out;
  for (int64_t k = 0; k < plan.accumulate; ++k) {
    auto sampled = sampler.next_batch();
    out.ends_epoch = out.ends_epoch || sampled.ends_epoch;
    out.micro_batches.push_back(share_of(split, sampled.rows, rank, world_size));
  }
  return out;
}

}  // namespace mcplm
