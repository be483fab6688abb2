#include "mcplm/train/update_step.h"

#include <torch/torch.h>

#include "mcplm/train/grad_clip.h"
#include "mcplm/train/schedule.h"

namespace mcplm {

void sum_over_ranks(const std::vector<torch::Tensor>& params, double& loss,
                    DistributedContext& dist) {
  if (!dist.distributed()) return;
  const auto count = static_cast<int64_t>(params.size());
  torch::Tensor summary =
      torch::zeros({count + 1}, torch::kDouble);  // [P + 1] has-grad flags, loss
  auto s = summary.accessor<double, 1>();
  for (int64_t i = 0; i < count; ++i) s[i] = params[i].grad().defined() ? 1 : 0;
  s[count] = loss;
  dist.allreduce_sum({summary});
  loss = s[count];
  std::vector<torch::Tensor> grads;
  for (int64_t i = 0; i < count; ++i) {
    if (s[i] == 0) continue;
    torch::Tensor param = params[i];
    if (!param.grad().defined()) param.mutable_grad() = torch::zeros_like(param);
    grads.push_back(param.grad());
  }
  dist.allreduce_sum(grads);
}

double accumulate_gradients(TaskModel& model, const std::vector<MicroBatchShare>& micro_batches) {
  double mean_loss = 0;
  const double k = static_cast<double>(micro_batches.size());
  for (const auto& share : micro_batches) {
    if (!share.rows) continue;
    torch::Tensor loss = model.loss(*share.rows) * share.weight;  // []
    (loss / k).backward();
    mean_loss += loss.item<double>() / k;
  }
  return mean_loss;
}

double apply_gradients(NamedOptimizer& optimizer, const std::vector<torch::Tensor>& params,
                       double max_grad_norm, double lr) {
  const double norm = clip_grad_norm(params, max_grad_norm).item<double>();
  set_learning_rate(optimizer, lr);
  optimizer.step();
  optimizer.release_grads();
  return norm;
}

UpdateResult train_update(TaskModel& model, const std::vector<MicroBatchShare>& micro_batches,
                          NamedOptimizer& optimizer, const std::vector<torch::Tensor>& params,
                          double max_grad_norm, double lr, DistributedContext& dist) {
  UpdateResult r;
  r.loss = accumulate_gradients(model, micro_batches);
  sum_over_ranks(params, r.loss, dist);
  r.grad_norm = apply_gradients(optimizer, params, max_grad_norm, lr);
  return r;
}

}  // namespace mcplm
