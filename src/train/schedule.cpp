#include "mcplm/train/schedule.h"

#include <torch/optim/optimizer.h>

#include <algorithm>

namespace mcplm {

double LrSchedule::factor(int64_t updates_done) const {
  if (kind_ == Kind::constant) return 1.0;
  if (updates_done < warmup_steps_)
    return static_cast<double>(updates_done) /
           static_cast<double>(std::max<int64_t>(1, warmup_steps_));
  if (kind_ == Kind::constant_with_warmup) return 1.0;
  return std::max(0.0,
                  static_cast<double>(training_steps_ - updates_done) /
                      static_cast<double>(std::max<int64_t>(1, training_steps_ - warmup_steps_)));
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

}  // namespace mcplm
