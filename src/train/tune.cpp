#include "mcplm/train/tune.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "mcplm/connect/interpolation.h"
#include "mcplm/core/error.h"
#include "mcplm/core/interrupt.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/load_params.h"
#include "mcplm/report/progress.h"
#include "mcplm/report/py_format.h"
#include "mcplm/train/batch_plan.h"
#include "mcplm/train/cartography.h"
#include "mcplm/train/checkpoint.h"
#include "mcplm/train/loop_counters.h"
#include "mcplm/train/resume_state.h"
#include "mcplm/train/run_log.h"
#include "mcplm/train/training_dynamics.h"
#include "mcplm/train/update_rule.h"
#include "mcplm/train/update_step.h"

namespace mcplm {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string run_dir_name(double lr, int64_t bsz, uint64_t seed) {
  return fmt::format("lr_{}_bsz_{}_seed_{}", py_float(lr), bsz, seed);
}

namespace {

constexpr const char* kResultFile = "result.json";

class Trainer {
 public:
  Trainer(const TuneOptions& o, double lr, int64_t bsz, fs::path run_dir, std::ostream& echo,
          DistributedContext& dist)
      : o_(o), lr_(lr), bsz_(bsz), dir_(std::move(run_dir)), echo_(echo), dist_(dist) {}

  CellResult run() {
    if (dist_.is_main()) fs::create_directories(dir_);
    setup();
    // Rank 0's disk decides: the other ranks may not see it.
    const std::string resume_from = dist_.broadcast_string(
        o_.resume && dist_.is_main() ? newest_resumable_checkpoint(dir_).value_or("") : "");
    log_ = std::make_unique<RunLog>(dir_, !resume_from.empty(), echo_, o_.quiet, dist_.is_main());
    if (!resume_from.empty()) {
      restore(resume_from);
      log_->line(fmt::format("resumed from {} at update {}", resume_from, c_.updates));
    } else {
      log_->line(
          fmt::format("tuning {} ({} method, {} tuned parameters) on {}: lr {}, batch {} "
                      "({} x {}), seed {}, {} updates",
                      o_.setup.model_dir.string(), tuning_method_name(o_.setup.method),
                      tuned_.numel(), task_.name, py_float(lr_), bsz_, plan_.micro,
                      plan_.accumulate, o_.seed, plan_.total_updates));
      if (!model_->load_message().empty()) log_->line(model_->load_message());
    }
    synchronise_ranks();
    train();
    return finish();
  }

 private:
  void setup() {
    torch::manual_seed(o_.seed);
    task_ = load_task(o_.task_dir, o_.task);
    ModelSetup setup = o_.setup;
    setup.init_seed = o_.init_seed < 0 ? o_.seed : static_cast<uint64_t>(o_.init_seed);
    model_ = load_task_model(setup, task_);
    family_ = model_->family();
    tuned_ = model_->tuned_parameters();
    for (auto& p : model_->module().parameters()) p.set_requires_grad(false);
    for (const auto& [name, p] : tuned_) p.set_requires_grad(true);
    if (!o_.init_from.empty()) {
      LoadedParams init = load_checkpoint_params(o_.init_from, tuning_method_name(o_.setup.method));
      ParamSet start;
      for (const auto& [name, p] : tuned_) {
        if (!init.params.contains(name))
          throw InputError(o_.init_from.string(), 0, "has no tensor " + name);
        start.set(name, init.params.at(name));
      }
      model_->assign(start, o_.init_from.string());
    }

    train_split_ = model_->encode(task_.train);
    dev_split_ = model_->encode(task_.dev);
    if (train_split_.size() == 0)
      throw InputError(task_.train.path.string(), 0, "no training lines");
    plan_ =
        plan_batches(bsz_, o_.micro_batch, train_split_.size(), o_.train_iters, o_.train_epochs);
    sampler_ = make_train_sampler(train_split_, plan_, o_.seed);
    rule_.emplace(
        make_update_rule(o_.optim, family_, o_.setup.method, tuned_, lr_, plan_.total_updates));
  }

  // Every rank starts from rank 0's parameters; ranks other than 0 draw
  // their own dropout masks.
  void synchronise_ranks() {
    if (!dist_.distributed()) return;
    log_->line(
        fmt::format("data parallel over {} processes: each takes its slice of every "
                    "micro-batch of {} rows",
                    dist_.world_size(), plan_.micro));
    std::vector<torch::Tensor> params;
    for (const auto& [name, p] : tuned_) params.push_back(p);
    dist_.broadcast(params);
    if (!dist_.is_main())
      torch::manual_seed(o_.seed + 1000003ull * static_cast<uint64_t>(dist_.rank()) +
                         static_cast<uint64_t>(c_.updates));
  }

  void train() {
    torch::nn::Module& module = model_->module();
    Progress progress("train", plan_.total_updates, o_.quiet || !dist_.is_main());
    std::vector<torch::Tensor> params;
    for (const auto& [name, p] : tuned_) params.push_back(p);
    while (c_.updates < plan_.total_updates && !stopped_early_) {
      module.train();
      UpdateBatches batches =
          next_update_batches(*sampler_, train_split_, plan_, dist_.rank(), dist_.world_size());
      const double lr = rule_->schedule.lr(lr_, c_.updates);
      UpdateResult update = train_update(*model_, batches.micro_batches, *rule_->optimizer, params,
                                         rule_->max_grad_norm, lr, dist_);
      c_.loss_sum += update.loss;
      ++c_.loss_count;
      ++c_.updates;
      progress.update(c_.updates, fmt::format("loss {:.4f}",
                                              c_.loss_sum / std::max<int64_t>(1, c_.loss_count)));

      if (c_.updates % o_.log_interval == 0 || c_.updates == plan_.total_updates) log_train(lr);
      if (batches.ends_epoch) {
        if (o_.cartography) score_training_set();
        ++c_.epoch;
      }
      if (o_.valid_interval > 0 && c_.updates % o_.valid_interval == 0) {
        validate();
        stopped_early_ = dist_.any(stopped_early_);  // rank 0 decides
      }
      if (o_.output_interval > 0 && c_.updates % o_.output_interval == 0)
        save(fmt::format("checkpoint@{}", c_.updates), o_.save_optimizer_state, false);
      if (dist_.any(interrupt_requested())) {
        progress.finish();
        save("checkpoint-last", true, false);
        log_->line(
            fmt::format("interrupted at update {}: saved checkpoint-last; continue with "
                        "--resume",
                        c_.updates));
        throw Interrupted{};
      }
    }
    progress.finish();
    // As the original, training that stops inside an epoch scores that
    // partial epoch too.
    if (o_.cartography && c_.scored_updates != c_.updates) score_training_set();
  }

  void log_train(double lr) {
    const double loss = c_.loss_sum / std::max<int64_t>(1, c_.loss_count);
    log_->line(fmt::format("updates {} | epoch {} | loss {:.5f} | lr {}", c_.updates, c_.epoch,
                           loss, py_float(lr)));
    log_->event({{"event", "train"},
                 {"updates", c_.updates},
                 {"epoch", c_.epoch},
                 {"loss", loss},
                 {"lr", lr}});
    c_.loss_sum = 0;
    c_.loss_count = 0;
  }

  // Dev evaluation on rank 0; the best so far becomes checkpoint-best.
  void validate() {
    if (!dist_.is_main()) return;
    SplitResult r =
        evaluate_split(*model_, dev_split_, task_.dev, task_.metric, o_.eval, task_.train_labels);
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
      save("checkpoint-best", false, false);
    } else if (o_.early_stop > 0 && ++c_.patience_used >= o_.early_stop) {
      log_->line(fmt::format("early stop: no better {} for {} validations (best {:.5f} at {})",
                             metric, c_.patience_used, c_.best_metric, c_.best_updates));
      stopped_early_ = true;
    }
  }

  // cartography.json (with td_metrics.jsonl and datamap.svg beside it) in the
  // sweep directory, as the original writes OUT/cartography.json.
  void score_training_set() {
    if (!dist_.is_main()) return;
    CartographyEpoch scores = score_cartography_epoch(*model_, train_split_, task_, o_.eval);
    const fs::path file = o_.output_dir / "cartography.json";
    record_cartography_epoch(file, c_.epoch, scores);
    write_training_dynamics(file);
    c_.scored_updates = c_.updates;
    log_->line(fmt::format("cartography: scored {} training examples after epoch {}",
                           scores.correct.size(), c_.epoch));
  }

  Metadata checkpoint_metadata(bool finished) const {
    json options = {{"lr", lr_},
                    {"bsz", bsz_},
                    {"seed", o_.seed},
                    {"init_seed", o_.init_seed},
                    {"train_iters", o_.train_iters},
                    {"train_epochs", o_.train_epochs},
                    {"max_grad_norm", rule_->max_grad_norm},
                    {"split", o_.task.split},
                    {"max_input_length", o_.setup.t5.max_input_length},
                    {"max_output_length", o_.setup.t5.max_output_length}};
    Metadata m = {{"format", "pt"},
                  {"method", tuning_method_name(o_.setup.method)},
                  {"family", family_},
                  {"base_model", o_.setup.model_dir.string()},
                  {"task", task_.name},
                  {"updates", std::to_string(c_.updates)},
                  {"epoch", std::to_string(c_.epoch)},
                  {"seed", std::to_string(o_.seed)},
                  {"finished", finished ? "true" : "false"},
                  {"options", options.dump()}};
    if (o_.setup.method == TuningMethod::Adapter && family_ == "t5") {
      AdapterConfig a =
          o_.setup.adapters.enabled() ? o_.setup.adapters : AdapterConfig{AdapterType::Houlsby};
      m["adapter_type"] = adapter_type_name(a.type);
      m["adapter_size"] = std::to_string(a.size);
    } else if (o_.setup.method == TuningMethod::Adapter) {
      m["adapter_size"] = std::to_string(o_.setup.roberta_adapter_size);
    }
    return m;
  }

  // Rank 0 alone writes.
  void save(const std::string& name, bool with_state, bool finished) {
    if (!dist_.is_main()) return;
    ParamSet tensors;
    for (const auto& [n, p] : tuned_) tensors.set(n, p.detach());
    save_checkpoint(dir_, name, tensors, checkpoint_metadata(finished),
                    with_state ? std::optional<SafetensorsFile>(
                                     capture_resume_state(*rule_->optimizer, {}, c_, *sampler_))
                               : std::nullopt);
    log_->event({{"event", "checkpoint"}, {"updates", c_.updates}, {"name", name}});
  }

  // The parameters reach the other ranks in synchronise_ranks(); the side
  // file is sent to them.
  void restore(const std::string& name) {
    const CheckpointFiles files = checkpoint_files(dir_, name);
    if (dist_.is_main())
      model_->assign(read_safetensors(files.params).tensors, files.params.string());
    SafetensorsFile side = parse_safetensors(
        dist_.broadcast_string(dist_.is_main() ? read_file_bytes(files.optim) : ""),
        files.optim.string());
    c_ = restore_resume_state(side, *rule_->optimizer, {}, *sampler_, train_split_.size(),
                              files.optim.string());
  }

  // Rank 0 alone saves, tests and writes result.json.
  CellResult finish() {
    if (!dist_.is_main()) return {};
    save("checkpoint-last", o_.save_optimizer_state, true);
    if (!c_.has_best) validate();  // no --valid-interval: the last model is the best
    CellResult r;
    r.metric = metric_name(task_.metric);
    r.dev_performance = c_.best_metric;
    r.updates = c_.updates;
    if (o_.do_predict) {
      const CheckpointFiles best = checkpoint_files(dir_, "checkpoint-best");
      model_->assign(read_safetensors(best.params).tensors, best.params.string());
      EncodedSplit test = model_->encode(task_.test);
      SplitResult t =
          evaluate_split(*model_, test, task_.test, task_.metric, o_.eval, task_.train_labels);
      r.test_performance = t.eval.performance;
      log_->line(fmt::format("Test | checkpoint-best (update {}) | loss {:.5f} | {} {:.5f}",
                             c_.best_updates, t.eval.loss, r.metric, t.eval.performance));
      log_->event({{"event", "test"},
                   {"updates", c_.best_updates},
                   {"loss", t.eval.loss},
                   {"metric", r.metric},
                   {"value", t.eval.performance}});
    }
    json result = {{"task", task_.name},
                   {"metric", r.metric},
                   {"lr", lr_},
                   {"bsz", bsz_},
                   {"seed", o_.seed},
                   {"dev_performance", r.dev_performance},
                   {"test_performance", r.test_performance},
                   {"updates", r.updates},
                   {"best_updates", c_.best_updates}};
    write_text_atomically(dir_ / kResultFile, result.dump(2) + "\n");
    return r;
  }

  const TuneOptions& o_;
  double lr_;
  int64_t bsz_;
  fs::path dir_;
  std::ostream& echo_;
  DistributedContext& dist_;
  std::unique_ptr<RunLog> log_;
  Task task_;
  std::unique_ptr<TaskModel> model_;
  std::string family_;
  ParamSet tuned_;
  EncodedSplit train_split_, dev_split_;
  BatchPlan plan_;
  std::unique_ptr<TrainSampler> sampler_;
  std::optional<UpdateRule> rule_;
  LoopCounters c_;
  bool stopped_early_ = false;
};

}  // namespace

namespace {

bool finished_earlier(const fs::path& dir) {
  const CheckpointFiles last = checkpoint_files(dir, "checkpoint-last");
  return fs::exists(dir / kResultFile) && fs::exists(last.params) &&
         read_safetensors_metadata(last.params).count("finished") &&
         read_safetensors_metadata(last.params).at("finished") == "true";
}

}  // namespace

CellResult run_tune_cell(const TuneOptions& options, double lr, int64_t bsz, std::ostream& log,
                         DistributedContext& dist) {
  const fs::path dir = options.output_dir / run_dir_name(lr, bsz, options.seed);
  if (dist.any(dist.is_main() && finished_earlier(dir))) {  // rank 0's disk decides
    if (!dist.is_main()) return {"", 0, 0, 0, true};
    json j = json::parse(read_file_bytes(dir / kResultFile));
    log << fmt::format("{}: finished earlier, skipped\n", dir.filename().string());
    return {j["metric"], j["dev_performance"], j["test_performance"], j["updates"], true};
  }
  return Trainer(options, lr, bsz, dir, log, dist).run();
}

void run_tune(const TuneOptions& options, std::ostream& log, DistributedContext& dist) {
  if (options.learning_rates.empty() || options.batch_sizes.empty())
    throw InputError("--lr and --bsz need at least one value each");
  if (options.cartography && options.learning_rates.size() * options.batch_sizes.size() > 1)
    throw InputError(
        "cartography writes one cartography.json per --output-dir: give one --lr "
        "and one --bsz");
  if (dist.is_main()) fs::create_directories(options.output_dir);
  const std::string task = task_name_of(options.task_dir);
  // Rows accumulate across invocations (other seeds, other sweeps), as the
  // original's result.csv does; a cell finished earlier is not added again.
  const fs::path csv_path = options.output_dir / "result.csv";
  std::string csv = dist.is_main() && fs::exists(csv_path)
                        ? read_file_bytes(csv_path)
                        : "prefix,metric,lr,bsz,dev_performance,test_performance\n";
  for (int64_t bsz : options.batch_sizes) {
    for (double lr : options.learning_rates) {
      CellResult r = run_tune_cell(options, lr, bsz, log, dist);
      if (r.skipped || !dist.is_main()) continue;
      csv += fmt::format("{},{},{},{},{},{}\n", task, r.metric, py_float(lr), bsz,
                         py_float(r.dev_performance), py_float(r.test_performance));
      write_text_atomically(csv_path, csv);
    }
  }
  dist.barrier();  // the other ranks stay until rank 0 has tested and written
}

}  // namespace mcplm
