#include "mcplm/train/update_step.h"

#include <torch/torch.h>

#include "mcplm/train/grad_clip.h"
#include "mcplm/train/schedule.h"

namespace mcplm {

double accumulate_gradients(TaskModel& model, const std::vector<Batch>& micro_batches) {
  double mean_loss = 0;
  const double k = static_cast<double>(micro_batches.size());
  for (const auto& batch : micro_batches) {
    torch::Tensor loss = model.loss(batch);  // []
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

UpdateResult train_update(TaskModel& model, const std::vector<Batch>& micro_batches,
                          NamedOptimizer& optimizer, const std::vector<torch::Tensor>& params,
                          double max_grad_norm, double lr) {
  UpdateResult r;
  r.loss = accumulate_gradients(model, micro_batches);
  r.grad_norm = apply_gradients(optimizer, params, max_grad_norm, lr);
  return r;
}

}  // namespace mcplm
