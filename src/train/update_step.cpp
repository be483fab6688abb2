#include "mcplm/train/update_step.h"

#include <torch/torch.h>

#include "mcplm/train/grad_clip.h"
#include "mcplm/train/schedule.h"

namespace mcplm {

UpdateResult train_update(TaskModel& model, const std::vector<Batch>& micro_batches,
                          NamedOptimizer& optimizer, const std::vector<torch::Tensor>& params,
                          double max_grad_norm, double lr) {
  UpdateResult r;
  const double k = static_cast<double>(micro_batches.size());
  for (const auto& batch : micro_batches) {
    torch::Tensor loss = model.loss(batch);  // []
    (loss / k).backward();
    r.loss += loss.item<double>() / k;
  }
  r.grad_norm = clip_grad_norm(params, max_grad_norm).item<double>();
  set_learning_rate(optimizer, lr);
  optimizer.step();
  optimizer.release_grads();
  return r;
}

}  // namespace mcplm
