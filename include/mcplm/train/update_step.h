// One optimizer update of the tuned parameters: accumulate the gradients of
// k micro-batches (each loss divided by k), sum them over the ranks, clip
// their global norm, set the learning rate, step and clear the gradients. The
// halves are separate so that a caller can move the gradients elsewhere in
// between (curve training maps them onto the bends of a curve).
#pragma once
#include <torch/types.h>

#include <optional>
#include <vector>

#include "mcplm/core/distributed.h"
#include "mcplm/data/batch.h"
#include "mcplm/model/task_model.h"
#include "mcplm/train/named_optimizer.h"

namespace mcplm {

// This process's part of one micro-batch: its rows (none when the micro-batch
// is too short to give it any) and the weight of their mean loss in the
// whole micro-batch's mean loss (loss terms here / loss terms in all rows).
// One process: the whole micro-batch, weight 1.
struct MicroBatchShare {
  std::optional<Batch> rows;
  double weight = 1;
};

struct UpdateResult {
  double loss = 0;  // mean of the micro-batch losses (before the update)
  double grad_norm = 0;
};

// Back-propagates each micro-batch share's weighted loss / k into the model's
// parameters; returns this process's part of the mean loss.
double accumulate_gradients(TaskModel& model, const std::vector<MicroBatchShare>& micro_batches);

// Sums the gradients of `params` and `loss` over the ranks (nothing with one
// process). A parameter no rank has a gradient for keeps none; one that only
// some ranks have a gradient for gets zeros on the others first.
void sum_over_ranks(const std::vector<torch::Tensor>& params, double& loss,
                    DistributedContext& dist);

// Clips the gradients of `params` to `max_grad_norm`, steps `optimizer` at
// `lr` and drops the gradients; returns the norm before clipping.
double apply_gradients(NamedOptimizer& optimizer, const std::vector<torch::Tensor>& params,
                       double max_grad_norm, double lr);

// accumulate_gradients, the sum over the ranks, then apply_gradients. With
// several ranks, every rank passes its shares of the same micro-batches; the
// summed weighted gradients are the whole batch's, so all ranks take the step
// one process would.
UpdateResult train_update(TaskModel& model, const std::vector<MicroBatchShare>& micro_batches,
                          NamedOptimizer& optimizer, const std::vector<torch::Tensor>& params,
                          double max_grad_norm, double lr,
                          DistributedContext& dist = DistributedContext::single_process());

}  // namespace mcplm
