// One optimizer update of the tuned parameters: accumulate the gradients of
// k micro-batches (each loss divided by k), clip their global norm, set the
// learning rate, step and clear the gradients.
#pragma once
#include <torch/types.h>

#include <vector>

#include "mcplm/data/batch.h"
#include "mcplm/model/task_model.h"
#include "mcplm/train/named_optimizer.h"

namespace mcplm {

struct UpdateResult {
  double loss = 0;  // mean of the micro-batch losses (before the update)
  double grad_norm = 0;
};

UpdateResult train_update(TaskModel& model, const std::vector<Batch>& micro_batches,
                          NamedOptimizer& optimizer, const std::vector<torch::Tensor>& params,
                          double max_grad_norm, double lr);

}  // namespace mcplm
