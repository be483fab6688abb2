// Learning-rate schedules as transformers defines them (LambdaLR factors of
// the base lr), as functions of the number of updates already done.
#pragma once
#include <cstdint>

namespace torch::optim {
class Optimizer;
}

namespace mcplm {

class LrSchedule {
 public:
  // get_constant_schedule: always the base lr (the original T5 recipe).
  static LrSchedule constant() { return LrSchedule(Kind::constant, 0, 0); }
  // get_constant_schedule_with_warmup: 0 -> base lr over `warmup_steps`, then flat.
  static LrSchedule constant_with_warmup(int64_t warmup_steps) {
    return LrSchedule(Kind::constant_with_warmup, warmup_steps, 0);
  }
  // get_linear_schedule_with_warmup: warmup as above, then linear decay to 0
  // at `training_steps` (the Trainer's default, with no warmup).
  static LrSchedule linear(int64_t warmup_steps, int64_t training_steps) {
    return LrSchedule(Kind::linear, warmup_steps, training_steps);
  }

  // The lr multiplier for the update that follows `updates_done` completed
  // updates: the first update uses factor(0), as with LambdaLR stepped after
  // each optimizer step.
  double factor(int64_t updates_done) const;
  double lr(double base_lr, int64_t updates_done) const { return base_lr * factor(updates_done); }

 private:
  enum class Kind { constant, constant_with_warmup, linear };
  LrSchedule(Kind kind, int64_t warmup_steps, int64_t training_steps)
      : kind_(kind), warmup_steps_(warmup_steps), training_steps_(training_steps) {}

  Kind kind_;
  int64_t warmup_steps_;
  int64_t training_steps_;
};

// Sets the learning rate of every parameter group.
void set_learning_rate(torch::optim::Optimizer& optimizer, double lr);

}  // namespace mcplm
