// How the tuned parameters are updated: optimizer, learning-rate schedule,
// gradient clipping and weight decay, with the family defaults of the
// original: T5 Adafactor at a constant rate clipped to 0.01, RoBERTa AdamW on
// a linear schedule clipped to 1.0. Shared by every trainer.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "mcplm/config/model_family.h"
#include "mcplm/core/param_set.h"
#include "mcplm/model/method.h"
#include "mcplm/train/named_optimizer.h"
#include "mcplm/train/schedule.h"

namespace mcplm {

enum class OptimizerKind { Auto, Adafactor, AdamW };  // Auto: T5 Adafactor, RoBERTa AdamW
enum class ScheduleKind { Auto, Constant, Linear };    // Auto: T5 constant, RoBERTa linear
// "auto" | "adafactor" | "adamw" and "auto" | "constant" | "linear".
const char* optimizer_kind_name(OptimizerKind kind);
const char* schedule_kind_name(ScheduleKind kind);

// The flags as given; Auto and -1 mean the family's default.
struct OptimizerSettings {
  double max_grad_norm = -1;  // -1: T5 0.01, RoBERTa 1.0
  double weight_decay = -1;   // -1: T5 full model 0.01, otherwise 0
  OptimizerKind optimizer = OptimizerKind::Auto;
  ScheduleKind schedule = ScheduleKind::Auto;
  int64_t warmup_steps = 0;
};

struct UpdateRule {
  std::unique_ptr<NamedOptimizer> optimizer;
  LrSchedule schedule;
  double max_grad_norm;
};

// The optimizer over `params` (weight-decay groups by name) at base rate
// `lr`, the schedule over `total_updates` and the clipping norm, for a model
// of `family` tuned with `method`.
UpdateRule make_update_rule(const OptimizerSettings& settings, ModelFamily family,
                            TuningMethod method, const ParamSet& params, double lr,
                            int64_t total_updates);

}  // namespace mcplm
