#include "mcplm/train/update_rule.h"

#include "mcplm/train/adafactor.h"
#include "mcplm/train/adamw.h"
#include "mcplm/train/param_groups.h"

namespace mcplm {

namespace {

LrSchedule make_schedule(const OptimizerSettings& s, bool t5, int64_t total_updates) {
  const ScheduleKind kind = s.schedule != ScheduleKind::Auto ? s.schedule
                            : t5                             ? ScheduleKind::Constant
                                                             : ScheduleKind::Linear;
  if (kind == ScheduleKind::Linear) return LrSchedule::linear(s.warmup_steps, total_updates);
  return s.warmup_steps > 0 ? LrSchedule::constant_with_warmup(s.warmup_steps)
                            : LrSchedule::constant();
}

}  // namespace

const char* optimizer_kind_name(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::Adafactor:
      return "adafactor";
    case OptimizerKind::AdamW:
      return "adamw";
    default:
      return "auto";
  }
}

const char* schedule_kind_name(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::Constant:
      return "constant";
    case ScheduleKind::Linear:
      return "linear";
    default:
      return "auto";
  }
}

UpdateRule make_update_rule(const OptimizerSettings& s, ModelFamily family,
                            TuningMethod method, const ParamSet& params, double lr,
                            int64_t total_updates) {
  const bool t5 = family == ModelFamily::T5;
  const double decay =
      s.weight_decay >= 0 ? s.weight_decay : (t5 && method == TuningMethod::Model ? 0.01 : 0.0);
  const OptimizerKind optimizer = s.optimizer != OptimizerKind::Auto ? s.optimizer
                                  : t5                               ? OptimizerKind::Adafactor
                                                                     : OptimizerKind::AdamW;
  const auto groups = weight_decay_groups(params, decay);
  std::unique_ptr<NamedOptimizer> made;
  if (optimizer == OptimizerKind::Adafactor) {
    made = std::make_unique<Adafactor>(groups, AdafactorOptions::external(lr));
  } else {
    made = std::make_unique<AdamW>(groups, AdamWOptions().lr(lr));
  }
  return {std::move(made), make_schedule(s, t5, total_updates),
          s.max_grad_norm >= 0 ? s.max_grad_norm : (t5 ? 0.01 : 1.0)};
}

}  // namespace mcplm
