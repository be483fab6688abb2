// One optimizer update of the tuned parameters: accumulate the gradients of
// k micro-batches (each loss divided by k), clip their global norm, set the
// learning rate, step and clear the gradients. The two halves are separate
// so that a caller can move the gradients elsewhere in between (curve
// training maps them onto the bends of a curve).
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

// Back-propagates each micro-batch's loss / k into the model's parameters;
// returns the mean loss.
double accumulate_gradients(TaskModel& model, const std::vector<Batch>& micro_batches);

// Clips the gradients of `params` to `max_grad_norm`, steps `optimizer` at
// `lr` and drops the gradients; returns the norm before clipping.
double apply_gradients(NamedOptimizer& optimizer, const std::vector<torch::Tensor>& params,
                       double max_grad_norm, double lr);

// accumulate_gradients then apply_gradients.
UpdateResult train_update(TaskModel& model, const std::vector<Batch>& micro_batches,
                          NamedOptimizer& optimizer, const std::vector<torch::Tensor>& params,
                          double max_grad_norm, double lr);

}  // namespace mcplm
