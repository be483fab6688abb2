#include "mcplm/train/trainer.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

#include "mcplm/core/error.h"
#include "mcplm/core/interrupt.h"
#include "mcplm/report/progress.h"
#include "mcplm/report/py_format.h"
#include "mcplm/train/resume_state.h"
#include "mcplm/train/update_step.h"

namespace mcplm {

namespace fs = std::filesystem;

Trainer::Trainer(const TrainingOptions& options, double lr, int64_t bsz, fs::path dir,
                 std::ostream& echo, DistributedContext& dist)
    : o_(options), lr_(lr), bsz_(bsz), dir_(std::move(dir)), echo_(echo), dist_(dist) {}

Trainer::~Trainer() = default;

void Trainer::prepare() {
  torch::manual_seed(o_.seed);
  task_ = load_task(o_.task_dir, o_.task);
  build();
  train_split_ = model_->encode(task_.train);
  if (train_split_.size() == 0) throw InputError(task_.train.path.string(), 0, "no training lines");
  plan_ = plan_batches(bsz_, o_.micro_batch, train_split_.size(), o_.train_iters, o_.train_epochs);
  sampler_ = make_train_sampler(train_split_, plan_, o_.seed);
  rule_.emplace(
      make_update_rule(o_.optim, model_->family(), method_, trained_, lr_, plan_.total_updates));
}

void Trainer::open_log(bool append) {
  log_ = std::make_unique<RunLog>(dir_, append, echo_, o_.quiet, dist_.is_main(), o_.tensorboard);
}

std::vector<torch::Tensor> Trainer::trained_tensors() const {
  std::vector<torch::Tensor> tensors;
  for (const auto& [name, t] : trained_) tensors.push_back(t);
  return tensors;
}

void Trainer::train_loop(const std::string& progress_label) {
  // The rate counts this process's updates only (a resumed run's start is not).
  Progress progress(progress_label, plan_.total_updates, o_.quiet || !dist_.is_main(), c_.updates);
  const std::vector<torch::Tensor> params = trained_tensors();
  while (c_.updates < plan_.total_updates && !stop_) {
    model_->module().train(dropout_in_training());
    form_parameters();
    UpdateBatches batches =
        next_update_batches(*sampler_, train_split_, plan_, dist_.rank(), dist_.world_size());
    double loss = 0;
    {
      PrecisionScope precision(model_->precision(), o_.setup.device);
      loss = accumulate_gradients(*model_, batches.micro_batches);
    }
    collect_gradients();
    sum_over_ranks(params, loss, dist_);
    if (!std::isfinite(loss)) {
      progress.finish();
      const std::string what = fmt::format(
          "update {}: the training loss is {}; stopped before applying it (checkpoint-best, if "
          "any, is from before; try a lower --lr)",
          c_.updates + 1, loss);
      log_->line(what);
      throw std::runtime_error(format_location(dir_.string(), 0, what));
    }
    const double lr = rule_->schedule.lr(lr_, c_.updates);
    apply_gradients(*rule_->optimizer, params, rule_->max_grad_norm, lr);
    c_.loss_sum += loss;
    ++c_.loss_count;
    ++c_.updates;
    progress.update(c_.updates,
                    fmt::format("loss {:.4f}", c_.loss_sum / std::max<int64_t>(1, c_.loss_count)));
    // c_.epoch counts the passes over the training data completed, in the
    // log lines as in the checkpoints' metadata.
    if (batches.ends_epoch) {
      on_epoch_end();
      ++c_.epoch;
    }
    if (c_.updates % o_.log_interval == 0 || c_.updates == plan_.total_updates) log_train(lr);
    after_update();
    if (dist_.any(interrupt_requested())) {
      progress.finish();
      log_->line(save_interrupted());
      throw Interrupted{};
    }
  }
  progress.finish();
}

void Trainer::log_train(double lr) {
  const double loss = c_.loss_sum / std::max<int64_t>(1, c_.loss_count);
  log_->line(fmt::format("updates {} | epoch {} | loss {:.5f} | lr {}", c_.updates, c_.epoch, loss,
                         py_float(lr)));
  log_->event({{"event", "train"},
               {"updates", c_.updates},
               {"epoch", c_.epoch},
               {"loss", loss},
               {"lr", lr}});
  c_.loss_sum = 0;
  c_.loss_count = 0;
}

EvalOptions Trainer::eval_options() const {
  EvalOptions eval = o_.eval;
  eval.quiet = eval.quiet || o_.quiet;
  return eval;
}

void Trainer::validate() {
  if (!dist_.is_main()) return;
  if (!dev_split_) dev_split_ = model_->encode(task_.dev);
  SplitResult r = evaluate_split(*model_, *dev_split_, task_.dev, task_.metric, eval_options(),
                                 task_.train_labels);
  const std::string metric = metric_name(task_.metric);
  log_->line(fmt::format("Valid | updates {} | loss {:.5f} | {} {:.5f}", c_.updates, r.eval.loss,
                         metric, r.eval.performance));
  log_->event({{"event", "valid"},
               {"updates", c_.updates},
               {"loss", r.eval.loss},
               {"metric", metric},
               {"value", r.eval.performance}});
  if (!c_.has_best || r.eval.performance >= c_.best_metric) {
    c_.has_best = true;
    c_.best_metric = r.eval.performance;
    c_.best_updates = c_.updates;
    c_.patience_used = 0;
    save_best();
  } else if (o_.early_stop > 0 && ++c_.patience_used >= o_.early_stop) {
    log_->line(fmt::format("early stop: no better {} for {} validations (best {:.5f} at {})",
                           metric, c_.patience_used, c_.best_metric, c_.best_updates));
    stop_ = true;
  }
}

SplitEval Trainer::test(const std::string& label, int64_t updates) {
  EncodedSplit split = model_->encode(task_.test);
  SplitResult t =
      evaluate_split(*model_, split, task_.test, task_.metric, eval_options(), task_.train_labels);
  const std::string metric = metric_name(task_.metric);
  log_->line(fmt::format("Test | {} | loss {:.5f} | {} {:.5f}", label, t.eval.loss, metric,
                         t.eval.performance));
  log_->event({{"event", "test"},
               {"updates", updates},
               {"loss", t.eval.loss},
               {"metric", metric},
               {"value", t.eval.performance}});
  return t.eval;
}

SafetensorsFile Trainer::capture_state() {
  return capture_resume_state(*rule_->optimizer, engines(), c_, *sampler_);
}

void Trainer::restore_state(const SafetensorsFile& saved, const std::string& source) {
  c_ = restore_resume_state(saved, *rule_->optimizer, engines(), *sampler_, train_split_.size(),
                            source);
  // The events after the saved state come again: the earlier copies go.
  if (log_) log_->keep_events_through(c_.updates);
}

}  // namespace mcplm
