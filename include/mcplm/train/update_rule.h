// How the tuned parameters are updated: optimizer, learning-rate schedule,
// gradient clipping and weight decay, with the family defaults of the
// original (SPEC section 5). Shared by `tune` and `curve`.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "mcplm/core/param_set.h"
#include "mcplm/model/method.h"
#include "mcplm/train/named_optimizer.h"
#include "mcplm/train/schedule.h"

namespace mcplm {

// The flags as given; "auto" and -1 mean the family's default.
struct OptimizerSettings {
  double max_grad_norm = -1;       // -1: T5 0.01, RoBERTa 1.0
  double weight_decay = -1;        // -1: T5 full model 0.01, otherwise 0
  std::string optimizer = "auto";  // adafactor | adamw | auto (T5 Adafactor, RoBERTa AdamW)
  std::string schedule = "auto";   // constant | linear | auto (T5 constant, RoBERTa linear)
  int64_t warmup_steps = 0;
};

struct UpdateRule {
  std::unique_ptr<NamedOptimizer> optimizer;
  LrSchedule schedule;
  double max_grad_norm;
};

// The optimizer over `params` (weight-decay groups by name) at base rate
// `lr`, the schedule over `total_updates` and the clipping norm, for a model
// of `family` ("t5" or "roberta") tuned with `method`. InputError on an
// unknown optimizer or schedule name.
UpdateRule make_update_rule(const OptimizerSettings& settings, const std::string& family,
                            TuningMethod method, const ParamSet& params, double lr,
                            int64_t total_updates);

}  // namespace mcplm
