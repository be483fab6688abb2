#include "mcplm/connect/weight_find.h"

#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "mcplm/connect/mixed_model.h"
#include "mcplm/connect/weight_find_file.h"
#include "mcplm/connect/weight_find_plot.h"
#include "mcplm/core/error.h"
#include "mcplm/core/precision.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/json_file.h"
#include "mcplm/model/init_model.h"
#include "mcplm/model/normal_init.h"
#include "mcplm/report/py_format.h"
#include "mcplm/train/run_options.h"
#include "mcplm/train/tune.h"

namespace mcplm {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kFoundFile = "weight_find.json";
constexpr const char* kPlotFile = "weight_find.svg";
constexpr const char* kResultFile = "result.json";
// What a resumed cell needs, in one file written atomically: the logits
// ("logits"), the best ones so far ("best_logits"), the optimizer and random
// state and, in the metadata, the loop's counters.
constexpr const char* kResumeFile = "weight_find.optim.safetensors";
constexpr const char* kCsvHeader =
    "prefix,metric,lr,bsz,dev_performance,dev_loss,test_performance,test_loss,point\n";

// The dev (and test) evaluation of one point.
struct PointEval {
  std::string metric;
  SplitEval dev;
  std::optional<SplitEval> test;
};

// The model as it stands on the dev file and, when `test` is given, the test file.
PointEval evaluate_point(TaskModel& model, const Task& task, const EncodedSplit& dev,
                         const EncodedSplit* test, const EvalOptions& eval) {
  PointEval e;
  e.metric = metric_name(task.metric);
  e.dev = evaluate_split(model, dev, task.dev, task.metric, eval, task.train_labels).eval;
  if (test)
    e.test = evaluate_split(model, *test, task.test, task.metric, eval, task.train_labels).eval;
  return e;
}

std::string csv_row(const std::string& task, const PointEval& e, const std::string& lr,
                    const std::string& bsz, const std::string& point) {
  return fmt::format("{},{},{},{},{},{},{},{},{}\n", task, e.metric, lr, bsz,
                     py_float(e.dev.performance), py_float(e.dev.loss),
                     e.test ? py_float(e.test->performance) : "",
                     e.test ? py_float(e.test->loss) : "", point);
}

json point_json(const PointEval& e) {
  json j = {{"metric", e.metric}, {"dev_performance", e.dev.performance}, {"dev_loss", e.dev.loss}};
  if (e.test) {
    j["test_performance"] = e.test->performance;
    j["test_loss"] = e.test->loss;
  }
  return j;
}

PointEval point_from_json(const json& j) {
  PointEval e;
  e.metric = j["metric"];
  e.dev.performance = j["dev_performance"];
  e.dev.loss = j["dev_loss"];
  if (j.contains("test_performance"))
    e.test = SplitEval{j["test_performance"].get<double>(), j["test_loss"].get<double>(), {}};
  return e;
}

// "k of G groups mostly from ckpt1 (α > 0.5)".
std::string lean_summary(const torch::Tensor& alpha) {
  return fmt::format("{} of {} groups mostly from ckpt1 (alpha > 0.5)",
                     (alpha > 0.5).sum().item<int64_t>(), alpha.numel());
}

// The options that change what a cell finds, as result.json records them.
json cell_options(const WeightFindOptions& o, double lr, int64_t bsz) {
  return {{"lr", lr},
          {"bsz", bsz},
          {"seed", o.train.seed},
          {"ckpt1", o.ckpt1.string()},
          {"ckpt2", o.ckpt2.string()},
          {"filter", layer_filter_name(o.filter)},
          {"init_std", o.init_std},
          {"init_from", o.init_from.string()},
          {"train_iters", o.train.train_iters},
          {"train_epochs", o.train.train_epochs},
          {"valid_interval", o.train.valid_interval},
          {"max_grad_norm", o.train.optim.max_grad_norm},
          {"precision", precision_name(o.train.setup.precision)}};
}

class WeightFindTrainer : public Trainer {
 public:
  WeightFindTrainer(const WeightFindOptions& o, double lr, int64_t bsz, fs::path dir,
                    std::ostream& echo, DistributedContext& dist)
      : Trainer(o.train, lr, bsz, std::move(dir), echo, dist), w_(o) {}

  PointEval run() {
    prepare();
    // Only once the inputs are known good: bad input leaves no output.
    if (dist_.is_main()) fs::create_directories(dir_);
    // Rank 0's disk decides: the other ranks may not see it.
    const fs::path resume_file = dir_ / kResumeFile;
    const std::string resume_state = dist_.broadcast_string(
        o_.resume && dist_.is_main() && fs::exists(resume_file) ? read_file_bytes(resume_file)
                                                                : "");
    open_log(!resume_state.empty());
    if (!resume_state.empty()) {
      restore(parse_safetensors(resume_state, resume_file.string()), resume_file.string());
      log_->line(fmt::format("resumed from {} at update {}", resume_file.string(), c_.updates));
    } else {
      log_->line(fmt::format(
          "weight-find between {} and {} on {}: {} filter, {} groups, logits {}; lr {}, batch "
          "{} ({} x {}), seed {}, {} updates",
          w_.ckpt1.string(), w_.ckpt2.string(), task_.name, layer_filter_name(w_.filter),
          mix_->size(), init_description(), py_float(lr_), bsz_, plan_.micro, plan_.accumulate,
          o_.seed, plan_.total_updates));
    }
    if (dist_.distributed()) dist_.broadcast({logits_});
    train_loop("weight-find");
    return finish();
  }

 private:
  bool dropout_in_training() const override { return false; }

  void build() override {
    MixedModel m = load_mixed_model(o_.setup, task_, w_.ckpt1, w_.ckpt2, w_.filter);
    model_ = std::move(m.model);
    params_ = std::move(m.params);
    mix_ = std::move(m.mix);
    method_ = TuningMethod::Model;
    for (const auto& [name, p] : params_) p.set_requires_grad(true);  // dL/dθ, mapped onto w
    const auto groups = static_cast<int64_t>(mix_->size());
    logits_ = torch::zeros({groups}, torch::kFloat32);  // [G], on the CPU
    if (!w_.init_from.empty()) {
      const WeightFindRecord init = read_weight_find_file(w_.init_from);
      check_same_groups(init, w_.filter, mix_->groups(), w_.init_from.string());
      logits_.copy_(init.logits);
    } else {
      at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(o_.seed);
      fill_normal(logits_, w_.init_std, generator);
    }
    logits_.set_requires_grad(true);
    trained_.set("layer_weight", logits_);
  }

  // The model's parameters at α = σ(w).
  void form_parameters() override {
    alpha_ = LayerMix::alphas(logits_);
    mix_->form(alpha_, params_);
  }

  // dL/dθ on the model's parameters becomes dL/dw; the model's are dropped.
  void collect_gradients() override {
    logits_.mutable_grad() = mix_->logit_gradients(alpha_, params_);
    for (const auto& [name, p] : params_) {
      torch::Tensor leaf = p;
      leaf.mutable_grad() = torch::Tensor();
    }
  }

  void after_update() override {
    const bool validate_now = o_.valid_interval > 0 && c_.updates % o_.valid_interval == 0;
    const bool save_now = w_.output_interval > 0 && c_.updates % w_.output_interval == 0;
    if (validate_now || save_now) form_parameters();  // the model at the stepped logits
    if (validate_now) {
      validate();
      stop_ = dist_.any(stop_);  // rank 0 decides
    }
    if (save_now && dist_.is_main()) {
      const std::string name = fmt::format("weight_find@{}.json", c_.updates);
      write_record(dir_ / name, logits_, c_.updates);
      write_resume_file();
      log_->line(fmt::format("{}: {}", name, lean_summary(alpha_)));
      log_->event({{"event", "checkpoint"}, {"updates", c_.updates}, {"name", name}});
    }
  }

  void save_best() override { best_logits_ = logits_.detach().clone(); }

  std::string save_interrupted() override {
    if (dist_.is_main()) write_resume_file();
    return fmt::format("interrupted at update {}: saved {}; continue with --resume", c_.updates,
                       kResumeFile);
  }

  std::string init_description() const {
    return w_.init_from.empty()
               ? fmt::format("N(0, {}^2) from seed {}", py_float(w_.init_std), o_.seed)
               : "from " + w_.init_from.string();
  }

  // What identifies the run: a resumed one must agree.
  std::string shape_description() const {
    return fmt::format("{} filter, {} groups, {} and {}, logits {}, {} updates, lr {}, batch {}",
                       layer_filter_name(w_.filter), mix_->size(), w_.ckpt1.string(),
                       w_.ckpt2.string(), init_description(), plan_.total_updates, py_float(lr_),
                       bsz_);
  }

  void write_record(const fs::path& file, const torch::Tensor& logits, int64_t updates) const {
    WeightFindRecord record;
    record.filter = w_.filter;
    record.groups = mix_->groups();
    record.logits = logits.detach();
    record.details = {{"ckpt1", w_.ckpt1.string()},
                      {"ckpt2", w_.ckpt2.string()},
                      {"base_model", o_.setup.model_dir.string()},
                      {"task", task_.name},
                      {"lr", lr_},
                      {"bsz", bsz_},
                      {"seed", o_.seed},
                      {"init", init_description()},
                      {"updates", updates}};
    write_weight_find_file(file, record);
  }

  void write_resume_file() {
    SafetensorsFile state = capture_state();
    state.tensors.set("logits", logits_.detach().clone());
    if (best_logits_.defined()) state.tensors.set("best_logits", best_logits_);
    state.metadata["weight_find"] = shape_description();
    write_safetensors(dir_ / kResumeFile, state.tensors, state.metadata);
  }

  void restore(const SafetensorsFile& saved, const std::string& source) {
    auto it = saved.metadata.find("weight_find");
    if (it == saved.metadata.end())
      throw InputError(source, 0,
                       "no 'weight_find' in the metadata: not a weight-find resume file");
    if (it->second != shape_description())
      throw InputError(source, 0,
                       fmt::format("holds a run of {}, but this run asks for {}: resume with "
                                   "the first run's options",
                                   it->second, shape_description()));
    if (!saved.tensors.contains("logits") ||
        !saved.tensors.at("logits").sizes().equals(logits_.sizes()))
      throw InputError(source, 0, "no logits of the run's groups");
    {
      torch::NoGradGuard no_grad;
      logits_.copy_(saved.tensors.at("logits"));
    }
    restore_state(saved, source);
    if (c_.has_best) {
      if (!saved.tensors.contains("best_logits"))
        throw InputError(source, 0, "a best point without its logits");
      best_logits_ = saved.tensors.at("best_logits").clone();
    }
  }

  // The found point on dev and (unless --no-predict) test, logged.
  PointEval evaluate_found() {
    const EncodedSplit dev = model_->encode(task_.dev);
    std::optional<EncodedSplit> test;
    if (o_.do_predict) test = model_->encode(task_.test);
    const PointEval e = evaluate_point(*model_, task_, dev, test ? &*test : nullptr, o_.eval);
    auto report = [&](const char* label, const char* event, const SplitEval& r) {
      log_->line(fmt::format("{} | found (update {}) | loss {:.5f} | {} {:.5f}", label,
                             c_.best_updates, r.loss, e.metric, r.performance));
      log_->event({{"event", event},
                   {"updates", c_.best_updates},
                   {"loss", r.loss},
                   {"metric", e.metric},
                   {"value", r.performance}});
    };
    report("Dev", "dev", e.dev);
    if (e.test) report("Test", "test", *e.test);
    return e;
  }

  // Rank 0 alone evaluates and writes.
  PointEval finish() {
    if (!dist_.is_main()) return {};
    if (!c_.has_best) {  // no --valid-interval: the last point is the found one
      form_parameters();
      validate();
    }
    const torch::Tensor found = LayerMix::alphas(best_logits_);
    mix_->form(found, params_);
    const PointEval e = evaluate_found();
    write_record(dir_ / kFoundFile, best_logits_, c_.best_updates);
    const WeightFindRecord record = read_weight_find_file(dir_ / kFoundFile);
    write_text_atomically(
        dir_ / kPlotFile,
        weight_find_svg(record, fmt::format("{}: lr {}, batch {}, update {} of {}", task_.name,
                                            py_float(lr_), bsz_, c_.best_updates, c_.updates)));
    log_->line(fmt::format("found at update {}: {}", c_.best_updates, lean_summary(found)));
    json result = point_json(e);
    result.update({{"options", cell_options(w_, lr_, bsz_)},
                   {"task", task_.name},
                   {"lr", lr_},
                   {"bsz", bsz_},
                   {"seed", o_.seed},
                   {"updates", c_.updates},
                   {"best_updates", c_.best_updates}});
    write_text_atomically(dir_ / kResultFile, result.dump(2) + "\n");
    fs::remove(dir_ / kResumeFile);  // finished: nothing left to resume
    return e;
  }

  const WeightFindOptions& w_;
  ParamSet params_;  // the model's parameters, formed from the ends each update
  std::optional<LayerMix> mix_;
  torch::Tensor logits_;       // w [G], what trains
  torch::Tensor alpha_;        // σ(w) this update's parameters were formed at [G]
  torch::Tensor best_logits_;  // w at the best validation so far [G]
};

bool finished_earlier(const fs::path& dir) {
  return fs::exists(dir / kResultFile) && fs::exists(dir / kFoundFile) &&
         !fs::exists(dir / kResumeFile);
}

// Why the cell in `dir` must not run as asked ("" when it may): a finished
// run of other options, or an interrupted one met without --resume (a
// resumed one checks its options when it reads the resume file).
std::string refusal(const WeightFindOptions& o, double lr, int64_t bsz, const fs::path& dir) {
  if (finished_earlier(dir)) {
    const std::string differ = options_that_differ(
        read_json_file(dir / kResultFile).value("options", json()), cell_options(o, lr, bsz));
    if (differ.empty()) return "";
    return fmt::format("{}: finished earlier with other options: {}; choose another --output-dir",
                       dir.string(), differ);
  }
  if (fs::exists(dir / kResumeFile) && !o.train.resume)
    return fmt::format("{}: holds an interrupted run ({}): pass --resume to continue it, or "
                       "choose another --output-dir",
                       dir.string(), kResumeFile);
  return "";
}

bool has_point_row(const std::string& csv, const std::string& point) {
  std::istringstream in(csv);
  std::string line;
  const std::string tail = "," + point;
  while (std::getline(in, line))
    if (line.size() >= tail.size() &&
        line.compare(line.size() - tail.size(), tail.size(), tail) == 0)
      return true;
  return false;
}

// ckpt1 (α = 1), ckpt2 (α = 0) and the midpoint of the straight path
// (α = 0.5 everywhere) on dev and test, as result.csv rows.
std::string evaluate_references(const WeightFindOptions& o, const Task& task, std::ostream& log) {
  MixedModel m = load_mixed_model(o.train.setup, task, o.ckpt1, o.ckpt2, o.filter);
  const EncodedSplit dev = m.model->encode(task.dev);
  std::optional<EncodedSplit> test;
  if (o.train.do_predict) test = m.model->encode(task.test);
  const auto groups = static_cast<int64_t>(m.mix->size());
  std::string rows;
  for (const auto& [point, alpha] :
       {std::pair<const char*, double>{"ckpt1", 1.0}, {"ckpt2", 0.0}, {"midpoint", 0.5}}) {
    m.mix->form(torch::full({groups}, alpha, torch::kFloat32), m.params);
    const PointEval e = evaluate_point(*m.model, task, dev, test ? &*test : nullptr, o.train.eval);
    log << fmt::format("{} (alpha {}): dev loss {:.5f} {} {:.5f}{}\n", point, py_float(alpha),
                       e.dev.loss, e.metric, e.dev.performance,
                       e.test ? fmt::format(", test loss {:.5f} {} {:.5f}", e.test->loss, e.metric,
                                            e.test->performance)
                              : "");
    rows += csv_row(task.name, e, "", "", point);
  }
  return rows;
}

// The found model of `file` as a Hugging Face directory.
void export_found(const WeightFindOptions& o, const Task& task, const fs::path& file) {
  MixedModel m = load_mixed_model(o.train.setup, task, o.ckpt1, o.ckpt2, o.filter);
  const WeightFindRecord record = read_weight_find_file(file);
  check_same_groups(record, o.filter, m.mix->groups(), file.string());
  m.mix->form(LayerMix::alphas(record.logits), m.params);
  export_model_dir(o.train.setup.model_dir, m.params, file.string(), o.export_dir);
}

}  // namespace

WeightFindOptions::WeightFindOptions() {
  train.micro_batch = 8;  // the entry point accumulates batches above 8
  train.train_iters = 100000;
  train.valid_interval = 100;
  train.optim.max_grad_norm = 0.1;
  train.optim.weight_decay = 0;  // the logits' group has none
}

void run_weight_find(const WeightFindOptions& o, std::ostream& log, DistributedContext& dist) {
  if (o.learning_rates.empty() || o.batch_sizes.empty())
    throw InputError("--lr and --bsz need at least one value each");
  if (!(o.init_std >= 0)) throw InputError("--init-std must be 0 or more");
  const fs::path& out = o.train.output_dir;
  const fs::path csv_path = out / "result.csv";
  const std::string task = task_name_of(o.train.task_dir);
  // Rows accumulate across invocations (other rates, other batch sizes), as
  // tune's do; a cell finished earlier is not added again.
  std::string csv = dist.is_main() && fs::exists(csv_path) ? read_file_bytes(csv_path) : kCsvHeader;
  if (csv.rfind(kCsvHeader, 0) != 0)
    throw InputError(csv_path.string(), 1,
                     "not the result.csv of weight-find: choose another --output-dir");
  fs::path best_dir;
  double best = 0;
  for (int64_t bsz : o.batch_sizes) {
    for (double lr : o.learning_rates) {
      const fs::path dir = out / run_dir_name(lr, bsz, o.train.seed);
      PointEval e;
      if (const std::string why =  // rank 0's disk decides
          dist.broadcast_string(dist.is_main() ? refusal(o, lr, bsz, dir) : "");
          !why.empty())
        throw InputError(why);
      if (dist.any(dist.is_main() && finished_earlier(dir))) {
        if (!dist.is_main()) continue;
        e = point_from_json(read_json_file(dir / kResultFile));
        log << fmt::format("{}: finished earlier, skipped\n", dir.filename().string());
      } else {
        e = WeightFindTrainer(o, lr, bsz, dir, log, dist).run();
        if (!dist.is_main()) continue;
        csv += csv_row(task, e, py_float(lr), std::to_string(bsz), "found");
        write_text_atomically(csv_path, csv);
      }
      if (best_dir.empty() || e.dev.performance > best) {
        best_dir = dir;
        best = e.dev.performance;
      }
    }
  }
  if (dist.is_main()) {
    // The ends and the midpoint once, whatever the sweep, first after the header.
    if (!has_point_row(csv, "midpoint")) {
      const std::string header = kCsvHeader;
      csv = header + evaluate_references(o, load_task(o.train.task_dir, o.train.task), log) +
            csv.substr(header.size());
      write_text_atomically(csv_path, csv);
    }
    for (const char* file : {kFoundFile, kPlotFile})
      write_text_atomically(out / file, read_file_bytes(best_dir / file));
    log << fmt::format("found point of {} (dev {:.5f}) in {}\n", best_dir.filename().string(), best,
                       (out / kFoundFile).string());
    if (!o.export_dir.empty()) {
      export_found(o, load_task(o.train.task_dir, o.train.task), out / kFoundFile);
      log << "exported the found model to " << o.export_dir.string() << "\n";
    }
  }
  dist.barrier();  // the other ranks stay until rank 0 has written
}

}  // namespace mcplm
