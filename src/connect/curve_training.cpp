#include "mcplm/connect/curve_training.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <torch/torch.h>

#include <array>
#include <nlohmann/json.hpp>
#include <ostream>
#include <random>

#include "mcplm/connect/curve_file.h"
#include "mcplm/connect/interpolation.h"
#include "mcplm/connect/path_files.h"
#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/model_fingerprint.h"
#include "mcplm/report/py_format.h"
#include "mcplm/train/checkpoint_io.h"

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

class CurveTrainer : public Trainer {
 public:
  CurveTrainer(const CurveOptions& o, std::ostream& echo)
      : Trainer(o.train, o.lr, o.bsz, o.train.output_dir, echo,
                DistributedContext::single_process()),
        k_(o) {}

  // Trains (or, with `resume`, goes on training) and saves the curve; returns its file.
  fs::path run(bool resume) {
    t_rng_.seed(o_.seed);
    prepare();
    // Only once the inputs are known good: bad input leaves no output.
    fs::create_directories(dir_);
    open_log(resume);
    if (resume) {
      restore();
      log_->line(
          fmt::format("resumed from {} at update {}", (dir_ / kResumeFile).string(), c_.updates));
    } else {
      log_->line(fmt::format(
          "training a {} curve with {} bend(s) ({} init, {} trainable parameters) between {} and "
          "{} on {}: lr {}, batch {} ({} x {}), seed {}, {} updates",
          curve_kind_name(k_.kind), k_.bends, bend_init_name(k_.init), trained_.numel(),
          k_.ckpt1.string(), k_.ckpt2.string(), task_.name, py_float(lr_), bsz_, plan_.micro,
          plan_.accumulate, o_.seed, plan_.total_updates));
    }
    train_loop("curve");
    save(true);
    fs::remove(dir_ / kResumeFile);  // the curve is trained: nothing left to resume
    return dir_ / kCurveFile;
  }

  TuningMethod method() const { return method_; }

 private:
  void build() override {
    const PathEnds ends = load_path_ends(k_.ckpt1, k_.ckpt2, k_.method, o_.setup);
    method_ = ends.method;
    base_fingerprint_ = model_fingerprint(o_.setup.model_dir);
    other_base_ = ends.other_base;
    for (const auto& note : other_base_) echo_ << "note: " << note << "\n";
    ModelSetup setup = setup_for_checkpoints(o_.setup, method_, ends.ckpt1, k_.ckpt1.string());
    setup.init_seed = o_.seed;
    model_ = load_task_model(setup, task_);
    tuned_ = model_->tuned_parameters();
    check_no_extra_tensors(ends.ckpt1.params, tuned_, method_, k_.ckpt1.string());
    check_no_extra_tensors(ends.ckpt2.params, tuned_, method_, k_.ckpt2.string());
    for (auto& p : model_->module().parameters()) p.set_requires_grad(false);
    for (const auto& [name, p] : tuned_) p.set_requires_grad(true);

    // The ends and bends live on the model's device.
    const c10::Device device = setup.device;
    ParamSet theta1 = tuned_from(ends.ckpt1.params, tuned_, k_.ckpt1.string()).to(device);
    ParamSet theta2 = tuned_from(ends.ckpt2.params, tuned_, k_.ckpt2.string()).to(device);
    theta1.check_same_layout(theta2, k_.ckpt1.string(), k_.ckpt2.string());
    theta1.check_same_layout(tuned_, k_.ckpt1.string(), "the model's tuned parameters");
    std::vector<ParamSet> bends;
    if (k_.init == BendInit::Midpoint) {
      bends = bends_on_line(theta1, theta2, k_.bends);
    } else {
      for (int k = 0; k < k_.bends; ++k)
        bends.push_back(fresh_draws(setup, task_, o_.seed + static_cast<uint64_t>(k)));
    }
    for (auto& bend : bends) bend = trainable_copy(bend.to(device));
    curve_.emplace(k_.kind, std::move(theta1), std::move(theta2), std::move(bends));
    end_norms_ = {params_norm(curve_->start()),
                  params_norm(curve_->end())};  // fixed: saved each time
    for (std::size_t k = 0; k < curve_->bends().size(); ++k)
      for (const auto& [name, t] : curve_->bends()[k])
        trained_.set(fmt::format("bend_{}.{}", k + 1, name), t);
  }

  // The model's tuned tensors at P(t), t ~ U(0, 1).
  void form_parameters() override {
    t_ = std::uniform_real_distribution<double>(0.0, 1.0)(t_rng_);
    torch::NoGradGuard no_grad;
    model_->assign(curve_->point(t_), "the curve");
  }

  // dL/dP(t), left on the model's tuned tensors, becomes w_k(t)·dL/dP on bend k.
  void collect_gradients() override {
    ParamSet point_gradients;
    for (const auto& [name, p] : tuned_) {
      if (!p.grad().defined()) continue;
      point_gradients.set(name, p.grad());
      torch::Tensor leaf = p;  // shares the model parameter's gradient
      leaf.mutable_grad() = torch::Tensor();
    }
    curve_->accumulate_bend_gradients(t_, point_gradients);
  }

  RngEngines engines() override { return {{"t", &t_rng_}}; }

  void after_update() override {
    if (k_.save_interval > 0 && c_.updates % k_.save_interval == 0 &&
        c_.updates < plan_.total_updates)
      save(false);
  }

  std::string save_interrupted() override {
    save(false);
    return fmt::format(
        "interrupted at update {}: the curve so far is in {}; continue with --resume "
        "(`interpolate --curve` evaluates it as it is)",
        c_.updates, (dir_ / kCurveFile).string());
  }

  // The resume file first, then the curve: a crash between the two leaves a
  // resume file one save ahead of the curve, which is what resuming reads.
  void save(bool finished) {
    if (!finished) write_resume_file();
    const json options = {{"lr", lr_},
                          {"bsz", bsz_},
                          {"seed", o_.seed},
                          {"init", bend_init_name(k_.init)},
                          {"r_std", o_.setup.adapters.r_std},
                          {"train_iters", o_.train_iters},
                          {"train_epochs", o_.train_epochs},
                          {"optimizer", optimizer_kind_name(o_.optim.optimizer)},
                          {"schedule", schedule_kind_name(o_.optim.schedule)},
                          {"max_grad_norm", rule_->max_grad_norm}};
    CurveRecord record;
    record.kind = k_.kind;
    record.bends = curve_->bends();
    record.ckpt1 = k_.ckpt1;
    record.ckpt2 = k_.ckpt2;
    record.method = method_;
    record.end_norms[0] = end_norms_[0];
    record.end_norms[1] = end_norms_[1];
    record.details = {{"base_model", o_.setup.model_dir.string()},
                      {"family", model_family_name(model_->family())},
                      {"task", task_.name},
                      {"updates", std::to_string(c_.updates)},
                      {"finished", finished ? "true" : "false"},
                      {"options", options.dump()}};
    if (method_ != TuningMethod::Model) record.details["base_fingerprint"] = base_fingerprint_;
    if (!other_base_.empty())
      record.details["other_base"] = fmt::format("{}", fmt::join(other_base_, "; "));
    write_curve_file(dir_ / kCurveFile, record);
    log_->event({{"event", "checkpoint"}, {"updates", c_.updates}, {"name", kCurveFile}});
  }

  // What identifies the curve being trained: a resumed run must agree.
  std::string shape_description() const {
    return fmt::format("{} curve, {} bend(s), {} updates, lr {}, batch {}, seed {}",
                       curve_kind_name(k_.kind), k_.bends, plan_.total_updates, py_float(lr_), bsz_,
                       o_.seed);
  }

  void write_resume_file() {
    SafetensorsFile state = capture_state();
    for (const auto& [name, t] : trained_) state.tensors.set("bend." + name, t.detach());
    state.metadata["curve"] = shape_description();
    write_safetensors(dir_ / kResumeFile, state.tensors, state.metadata);
  }

  void restore() {
    const fs::path file = dir_ / kResumeFile;
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
    bends.check_same_layout(trained_, source, "the curve's bends");
    {
      torch::NoGradGuard no_grad;
      for (const auto& [name, t] : trained_) t.copy_(bends.at(name));
    }
    restore_state(saved, source);
  }

  const CurveOptions& k_;
  ParamSet tuned_;  // the model's tuned tensors, set to P(t) each update
  std::optional<Curve> curve_;
  std::array<double, 2> end_norms_{};    // L2 norms of the ends, for curve.safetensors
  std::mt19937_64 t_rng_;                // the draws of t
  double t_ = 0;                         // this update's t
  std::string base_fingerprint_;         // of --model, recorded in the curve file
  std::vector<std::string> other_base_;  // ends tuned from another base (--allow-other-base)
};

// " dev loss barrier 0.01014 at x=0.3", with the path's parameter (t on the curve).
std::string barrier_line(const json& summary, const char* split, const char* parameter) {
  if (!summary.contains(split)) return "";
  const json& b = summary[split]["loss_barrier"];
  return fmt::format(" {} loss barrier {:.5f} at {}={}", split, b["height"].get<double>(),
                     parameter, py_float(b["x"].get<double>()));
}

// "curve: dev loss barrier … ; linear path: …" from the summaries written.
std::string barrier_report(const fs::path& out, bool compare_linear) {
  auto report = [](const fs::path& dir, const char* parameter) {
    const json summary = json::parse(read_file_bytes(dir / "summary.json"));
    return barrier_line(summary, "dev", parameter) + barrier_line(summary, "test", parameter);
  };
  std::string line = "curve:" + report(out, "t");
  if (compare_linear) line += "; linear path:" + report(out / "linear", "x");
  return line;
}

}  // namespace

const char* bend_init_name(BendInit init) {
  return init == BendInit::Midpoint ? "midpoint" : "random";
}

void run_curve(const CurveOptions& o, std::ostream& log) {
  if (o.bends < 1) throw InputError("--bends must be at least 1");
  const fs::path& out = o.train.output_dir;
  const fs::path curve_file = out / kCurveFile;
  for (const fs::path& earlier : {out / kPointsFile, curve_file})
    if (!o.train.resume && fs::exists(earlier))
      throw InputError(earlier.string(), 0,
                       "the output directory already holds a curve or results: continue it with "
                       "--resume, or choose another --output-dir (`interpolate --curve` "
                       "evaluates a saved curve again)");
  const bool resumable = o.train.resume && fs::exists(out / kResumeFile);
  TuningMethod method;
  if (o.train.resume && !resumable && fs::exists(curve_file)) {
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
  eval.setup = o.train.setup;
  eval.method = method;
  eval.ckpt1 = o.ckpt1;
  eval.ckpt2 = o.ckpt2;
  eval.task_dirs = {o.train.task_dir};
  eval.output_dir = out;
  eval.points = o.points;
  eval.do_valid = true;
  eval.do_predict = o.train.do_predict;
  eval.task = o.train.task;
  eval.eval = o.train.eval;
  eval.curve = curve_file;
  eval.compare_linear = o.compare_linear;
  eval.log_loss = o.log_loss;
  eval.resume = o.train.resume;
  eval.tensorboard = o.train.tensorboard;
  run_interpolation(eval, log);
  log << barrier_report(out, o.compare_linear) << "\n";
}

}  // namespace mcplm
