#include "mcplm/train/update_rule.h"

#include "mcplm/core/error.h"
#include "mcplm/train/adafactor.h"
#include "mcplm/train/adamw.h"
#include "mcplm/train/param_groups.h"

namespace mcplm {

namespace {

LrSchedule make_schedule(const OptimizerSettings& s, bool t5, int64_t total_updates) {
  const std::string name = s.schedule == "auto" ? (t5 ? "constant" : "linear") : s.schedule;
  if (name == "constant")
    return s.warmup_steps > 0 ? LrSchedule::constant_with_warmup(s.warmup_steps)
                              : LrSchedule::constant();
  if (name == "linear") return LrSchedule::linear(s.warmup_steps, total_updates);
  throw InputError("--schedule must be constant, linear or auto (got '" + s.schedule + "')");
}

}  // namespace

UpdateRule make_update_rule(const OptimizerSettings& s, const std::string& family,
                            TuningMethod method, const ParamSet& params, double lr,
                            int64_t total_updates) {
  const bool t5 = family == "t5";
  const double decay =
      s.weight_decay >= 0 ? s.weight_decay : (t5 && method == TuningMethod::Model ? 0.01 : 0.0);
  const std::string optimizer = s.optimizer == "auto" ? (t5 ? "adafactor" : "adamw") : s.optimizer;
  const auto groups = weight_decay_groups(params, decay);
  std::unique_ptr<NamedOptimizer> made;
  if (optimizer == "adafactor") {
    made = std::make_unique<Adafactor>(groups, AdafactorOptions::external(lr));
  } else if (optimizer == "adamw") {
    made = std::make_unique<AdamW>(groups, AdamWOptions().lr(lr));
  } else {
    throw InputError("--optimizer must be adafactor, adamw or auto (got '" + s.optimizer + "')");
  }
  return {std::move(made), make_schedule(s, t5, total_updates),
          s.max_grad_norm >= 0 ? s.max_grad_norm : (t5 ? 0.01 : 1.0)};
}

}  // namespace mcplm
