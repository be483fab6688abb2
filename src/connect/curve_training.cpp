#include "mcplm/connect/curve_training.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <array>
#include <nlohmann/json.hpp>
#include <ostream>
#include <random>

#include "mcplm/connect/curve_file.h"
#include "mcplm/connect/interpolation.h"
#include "mcplm/connect/path_files.h"
#include "mcplm/core/error.h"
#include "mcplm/core/interrupt.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/report/progress.h"
#include "mcplm/report/py_format.h"
#include "mcplm/train/batch_plan.h"
#include "mcplm/train/resume_state.h"
#include "mcplm/train/run_log.h"
#include "mcplm/train/update_step.h"

namespace mcplm {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kCurveFile = "curve.safetensors";
// Everything a resumed run needs, in one file written atomically: the bends
// ("bend.<bend_k.name>"), the optimizer state ("optimizer.…"), the random
// state ("rng.…") and, in the metadata, the loop's counters.
constexpr const char* kResumeFile = "curve.optim.safetensors";

// Copies of the tensors, detached, as fresh leaves that require grad.
ParamSet trainable_copy(const ParamSet& params) {
  ParamSet out;
  for (const auto& [name, t] : params) out.set(name, t.detach().clone().set_requires_grad(true));
  return out;
}

// The tuned tensors a fresh model starts from: adapters drawn N(r_mean, r_std)
// from `init_seed` (and, for RoBERTa, a fresh head), or the pre-trained weights.
ParamSet fresh_draws(ModelSetup setup, const Task& task, uint64_t init_seed) {
  setup.init_seed = init_seed;
  return load_task_model(setup, task)->tuned_parameters();
}

class CurveTrainer {
 public:
  CurveTrainer(const CurveOptions& o, std::ostream& echo) : o_(o), echo_(echo) {}

  // Trains (or, with `resume`, goes on training) and saves the curve; returns its file.
  fs::path run(bool resume) {
    setup(resume);
    if (resume) {
      restore();
      log_->line(fmt::format("resumed from {} at update {}", (o_.output_dir / kResumeFile).string(),
                             c_.updates));
    } else {
      log_->line(fmt::format(
          "training a {} curve with {} bend(s) ({} init, {} trainable parameters) between {} and "
          "{} on {}: lr {}, batch {} ({} x {}), seed {}, {} updates",
          curve_kind_name(o_.kind), o_.bends, o_.init, bend_params_.numel(), o_.ckpt1.string(),
          o_.ckpt2.string(), task_.name, py_float(o_.lr), o_.bsz, plan_.micro, plan_.accumulate,
          o_.seed, plan_.total_updates));
    }
    train();
    save(true);
    fs::remove(o_.output_dir / kResumeFile);  // the curve is trained: nothing left to resume
    return o_.output_dir / kCurveFile;
  }

  const std::string& method() const { return method_; }

 private:
  void setup(bool resume) {
    torch::manual_seed(o_.seed);
    t_rng_.seed(o_.seed);
    task_ = load_task(o_.task_dir, o_.task);
    const PathEnds ends = load_path_ends(o_.ckpt1, o_.ckpt2, o_.method);
    const LoadedParams& ckpt1 = ends.ckpt1;
    const LoadedParams& ckpt2 = ends.ckpt2;
    method_ = ends.method;
    model_setup_ = setup_for_checkpoints(o_.setup, method_, ckpt1, o_.ckpt1.string());
    model_setup_.init_seed = o_.seed;
    model_ = load_task_model(model_setup_, task_);
    tuned_ = model_->tuned_parameters();
    for (auto& p : model_->module().parameters()) p.set_requires_grad(false);
    for (const auto& [name, p] : tuned_) p.set_requires_grad(true);

    // The ends and bends live on the model's device.
    const c10::Device device = model_setup_.device;
    ParamSet theta1 = tuned_from(ckpt1.params, tuned_, o_.ckpt1.string()).to(device);
    ParamSet theta2 = tuned_from(ckpt2.params, tuned_, o_.ckpt2.string()).to(device);
    theta1.check_same_layout(theta2, o_.ckpt1.string(), o_.ckpt2.string());
    theta1.check_same_layout(tuned_, o_.ckpt1.string(), "the model's tuned parameters");
    std::vector<ParamSet> bends;
    if (o_.init == "midpoint") {
      bends = bends_on_line(theta1, theta2, o_.bends);
    } else if (o_.init == "random") {
      for (int k = 0; k < o_.bends; ++k)
        bends.push_back(fresh_draws(model_setup_, task_, o_.seed + static_cast<uint64_t>(k)));
    } else {
      throw InputError("--init must be midpoint or random (got '" + o_.init + "')");
    }
    for (auto& bend : bends) bend = trainable_copy(bend.to(device));
    curve_.emplace(o_.kind, std::move(theta1), std::move(theta2), std::move(bends));
    end_norms_ = {params_norm(curve_->start()),
                  params_norm(curve_->end())};  // fixed: saved each time
    for (std::size_t k = 0; k < curve_->bends().size(); ++k)
      for (const auto& [name, t] : curve_->bends()[k])
        bend_params_.set(fmt::format("bend_{}.{}", k + 1, name), t);

    train_split_ = model_->encode(task_.train);
    if (train_split_.size() == 0)
      throw InputError(task_.train.path.string(), 0, "no training lines");
    plan_ =
        plan_batches(o_.bsz, o_.micro_batch, train_split_.size(), o_.train_iters, o_.train_epochs);
    sampler_ = make_train_sampler(train_split_, plan_, o_.seed);
    rule_.emplace(make_update_rule(o_.optim, model_->family(), model_setup_.method, bend_params_,
                                   o_.lr, plan_.total_updates));
    // Only once the inputs are known good: bad input leaves no output.
    fs::create_directories(o_.output_dir);
    log_ = std::make_unique<RunLog>(o_.output_dir, resume, echo_, o_.quiet);
  }

  void train() {
    Progress progress("curve", plan_.total_updates, o_.quiet);
    std::vector<torch::Tensor> bend_tensors;
    for (const auto& [name, t] : bend_params_) bend_tensors.push_back(t);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    while (c_.updates < plan_.total_updates) {
      model_->module().train();
      const double t = uniform(t_rng_);
      {
        torch::NoGradGuard no_grad;
        model_->assign(curve_->point(t), "the curve");
      }
      UpdateBatches batches = next_update_batches(*sampler_, train_split_, plan_);
      c_.loss_sum += accumulate_gradients(*model_, batches.micro_batches);
      ++c_.loss_count;
      move_gradients_to_bends(t);
      const double lr = rule_->schedule.lr(o_.lr, c_.updates);
      apply_gradients(*rule_->optimizer, bend_tensors, rule_->max_grad_norm, lr);
      ++c_.updates;
      progress.update(c_.updates, fmt::format("loss {:.4f}", c_.loss_sum / c_.loss_count));
      if (c_.updates % o_.log_interval == 0 || c_.updates == plan_.total_updates) {
        const double loss = c_.loss_sum / c_.loss_count;
        log_->line(fmt::format("updates {} | loss {:.5f} | lr {}", c_.updates, loss, py_float(lr)));
        log_->event({{"event", "train"}, {"updates", c_.updates}, {"loss", loss}, {"lr", lr}});
        c_.loss_sum = 0;
        c_.loss_count = 0;
      }
      if (o_.save_interval > 0 && c_.updates % o_.save_interval == 0 &&
          c_.updates < plan_.total_updates)
        save(false);
      if (interrupt_requested()) {
        progress.finish();
        save(false);
        log_->line(fmt::format(
            "interrupted at update {}: the curve so far is in {}; continue with --resume "
            "(`interpolate --curve` evaluates it as it is)",
            c_.updates, (o_.output_dir / kCurveFile).string()));
        throw Interrupted{};
      }
    }
    progress.finish();
  }

  // dL/dP(t), left on the model's tuned tensors, becomes w_k(t)·dL/dP on bend k.
  void move_gradients_to_bends(double t) {
    ParamSet point_gradients;
    for (const auto& [name, p] : tuned_) {
      if (!p.grad().defined()) continue;
      point_gradients.set(name, p.grad());
      torch::Tensor leaf = p;  // shares the model parameter's gradient
      leaf.mutable_grad() = torch::Tensor();
    }
    curve_->accumulate_bend_gradients(t, point_gradients);
  }

  // The resume file first, then the curve: a crash between the two leaves a
  // resume file one save ahead of the curve, which is what resuming reads.
  void save(bool finished) {
    if (!finished) write_resume_file();
    const json options = {{"lr", o_.lr},
                          {"bsz", o_.bsz},
                          {"seed", o_.seed},
                          {"init", o_.init},
                          {"r_std", o_.setup.adapters.r_std},
                          {"train_iters", o_.train_iters},
                          {"train_epochs", o_.train_epochs},
                          {"optimizer", o_.optim.optimizer},
                          {"schedule", o_.optim.schedule},
                          {"max_grad_norm", rule_->max_grad_norm}};
    CurveRecord record;
    record.kind = o_.kind;
    record.bends = curve_->bends();
    record.ckpt1 = o_.ckpt1;
    record.ckpt2 = o_.ckpt2;
    record.method = method_;
    record.end_norms[0] = end_norms_[0];
    record.end_norms[1] = end_norms_[1];
    record.details = {{"base_model", o_.setup.model_dir.string()},
                      {"family", model_->family()},
                      {"task", task_.name},
                      {"updates", std::to_string(c_.updates)},
                      {"finished", finished ? "true" : "false"},
                      {"options", options.dump()}};
    write_curve_file(o_.output_dir / kCurveFile, record);
    log_->event({{"event", "checkpoint"}, {"updates", c_.updates}, {"name", kCurveFile}});
  }

  // What identifies the curve being trained: a resumed run must agree.
  std::string shape_description() const {
    return fmt::format("{} curve, {} bend(s), {} updates, lr {}, batch {}, seed {}",
                       curve_kind_name(o_.kind), o_.bends, plan_.total_updates, py_float(o_.lr),
                       o_.bsz, o_.seed);
  }

  void write_resume_file() {
    SafetensorsFile state =
        capture_resume_state(*rule_->optimizer, {{"t", &t_rng_}}, c_, *sampler_);
    for (const auto& [name, t] : bend_params_) state.tensors.set("bend." + name, t.detach());
    state.metadata["curve"] = shape_description();
    write_safetensors(o_.output_dir / kResumeFile, state.tensors, state.metadata);
  }

  void restore() {
    const fs::path file = o_.output_dir / kResumeFile;
    const std::string source = file.string();
    const SafetensorsFile saved = read_safetensors(file);
    auto meta = [&](const std::string& key) {
      auto it = saved.metadata.find(key);
      if (it == saved.metadata.end())
        throw InputError(source, 0, "no '" + key + "' in the metadata: not a curve resume file");
      return it->second;
    };
    if (meta("curve") != shape_description())
      throw InputError(source, 0,
                       fmt::format("holds a {}, but this run asks for a {}: resume with the "
                                   "first run's options",
                                   meta("curve"), shape_description()));
    ParamSet bends;
    for (const auto& [name, t] : saved.tensors)
      if (name.rfind("bend.", 0) == 0) bends.set(name.substr(5), t);
    bends.check_same_layout(bend_params_, source, "the curve's bends");
    {
      torch::NoGradGuard no_grad;
      for (const auto& [name, t] : bend_params_) t.copy_(bends.at(name));
    }
    c_ = restore_resume_state(saved, *rule_->optimizer, {{"t", &t_rng_}}, *sampler_,
                              train_split_.size(), source);
  }

  const CurveOptions& o_;
  std::ostream& echo_;
  std::unique_ptr<RunLog> log_;
  Task task_;
  std::string method_;
  ModelSetup model_setup_;
  std::unique_ptr<TaskModel> model_;
  ParamSet tuned_;        // the model's tuned tensors, set to P(t) each update
  ParamSet bend_params_;  // "bend_k.<name>": what the optimizer trains
  std::optional<Curve> curve_;
  std::array<double, 2> end_norms_{};  // L2 norms of the ends, for curve.safetensors
  EncodedSplit train_split_;
  BatchPlan plan_;
  std::unique_ptr<TrainSampler> sampler_;
  std::optional<UpdateRule> rule_;
  std::mt19937_64 t_rng_;  // the draws of t
  LoopCounters c_;         // updates, the loss since the last log line, the data order
};

std::string barrier_line(const json& summary, const char* split) {
  if (!summary.contains(split)) return "";
  const json& b = summary[split]["loss_barrier"];
  return fmt::format(" {} loss barrier {:.5f} at x={}", split, b["height"].get<double>(),
                     py_float(b["x"].get<double>()));
}

// "curve: dev loss barrier … ; linear path: …" from the summaries written.
std::string barrier_report(const fs::path& out, bool compare_linear) {
  auto report = [](const fs::path& dir) {
    const json summary = json::parse(read_file_bytes(dir / "summary.json"));
    return barrier_line(summary, "dev") + barrier_line(summary, "test");
  };
  std::string line = "curve:" + report(out);
  if (compare_linear) line += "; linear path:" + report(out / "linear");
  return line;
}

}  // namespace

void run_curve(const CurveOptions& o, std::ostream& log) {
  if (o.bends < 1) throw InputError("--bends must be at least 1");
  const fs::path curve_file = o.output_dir / kCurveFile;
  for (const fs::path& earlier : {o.output_dir / kPointsFile, curve_file})
    if (!o.resume && fs::exists(earlier))
      throw InputError(earlier.string(), 0,
                       "the output directory already holds a curve or results: continue it with "
                       "--resume, or choose another --output-dir (`interpolate --curve` "
                       "evaluates a saved curve again)");
  const bool resumable = o.resume && fs::exists(o.output_dir / kResumeFile);
  std::string method;
  if (o.resume && !resumable && fs::exists(curve_file)) {
    const CurveRecord trained = read_curve_file(curve_file);
    if (trained.details.count("finished") == 0 || trained.details.at("finished") != "true")
      throw InputError(curve_file.string(), 0,
                       std::string("an unfinished curve without its resume file ") + kResumeFile +
                           ": train a new curve into another --output-dir");
    method = trained.method;
    log << "the curve is trained (" << curve_file.string() << "); evaluating it\n";
  } else {
    CurveTrainer trainer(o, log);
    trainer.run(resumable);
    method = trainer.method();
  }

  InterpolateOptions eval;
  eval.setup = o.setup;
  eval.method = method;
  eval.ckpt1 = o.ckpt1;
  eval.ckpt2 = o.ckpt2;
  eval.task_dirs = {o.task_dir};
  eval.output_dir = o.output_dir;
  eval.points = o.points;
  eval.do_valid = true;
  eval.do_predict = o.do_predict;
  eval.task = o.task;
  eval.eval = o.eval;
  eval.curve = curve_file;
  eval.compare_linear = o.compare_linear;
  eval.resume = o.resume;
  run_interpolation(eval, log);
  log << barrier_report(o.output_dir, o.compare_linear) << "\n";
}

}  // namespace mcplm
