#include "mcplm/train/tune.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <sstream>

#include "mcplm/core/error.h"
#include "mcplm/core/precision.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/directory_lock.h"
#include "mcplm/io/load_params.h"
#include "mcplm/io/model_fingerprint.h"
#include "mcplm/report/csv_field.h"
#include "mcplm/report/py_format.h"
#include "mcplm/train/cartography.h"
#include "mcplm/train/checkpoint.h"
#include "mcplm/train/checkpoint_io.h"
#include "mcplm/train/run_options.h"
#include "mcplm/train/training_dynamics.h"
#include "mcplm/train/update_rule.h"

namespace mcplm {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string run_dir_name(double lr, int64_t bsz, uint64_t seed) {
  return fmt::format("lr_{}_bsz_{}_seed_{}", py_float(lr), bsz, seed);
}

namespace {

constexpr const char* kResultFile = "result.json";

// Every option that changes what a cell trains, keeps or scores, as the
// command gave it (-1: the family's default), recorded in its checkpoints'
// metadata ("options"). A finished cell is skipped, and an interrupted one
// resumed, only when the new command asks the same. `base_fingerprint`:
// --model's (io/model_fingerprint.h), read once by the caller.
json cell_options(const TuneOptions& o, double lr, int64_t bsz,
                  const std::string& base_fingerprint) {
  const TrainingOptions& t = o.train;
  const ModelSetup& s = t.setup;
  return {{"lr", lr},
          {"bsz", bsz},
          {"seed", t.seed},
          {"init_seed", o.init_seed},
          {"init_from", o.init_from.string()},
          {"train_iters", t.train_iters},
          {"train_epochs", t.train_epochs},
          {"valid_interval", t.valid_interval},
          {"early_stop", t.early_stop},
          {"max_grad_norm", t.optim.max_grad_norm},
          {"weight_decay", t.optim.weight_decay},
          {"optimizer", optimizer_kind_name(t.optim.optimizer)},
          {"schedule", schedule_kind_name(t.optim.schedule)},
          {"warmup_steps", t.optim.warmup_steps},
          {"method", tuning_method_name(s.method)},
          {"adapter_type", adapter_type_name(s.adapters.type)},
          {"adapter_size", s.adapters.size},
          {"r_mean", s.adapters.r_mean},
          {"r_std", s.adapters.r_std},
          {"roberta_adapter_size", s.roberta_adapter_size},
          {"lora_r", s.lora.r},
          {"lora_alpha", s.lora.alpha},
          {"lora_dropout", s.lora.dropout},
          {"split", t.task.split},
          {"choose_dev_1000", t.task.choose_dev_1000},
          {"choose_test_1000", t.task.choose_test_1000},
          {"metric", t.task.metric},
          {"max_input_length", s.t5.max_input_length},
          {"max_output_length", s.t5.max_output_length},
          {"do_lowercase", s.t5.format.do_lowercase},
          {"append_another_bos", s.t5.format.append_another_bos},
          {"roberta_max_length", s.roberta_max_length},
          {"generate_max_length", s.generate_max_length},
          {"decode", decode_mode_name(t.eval.decode)},
          {"precision", precision_name(s.precision)},
          {"cartography", o.cartography},
          {"base_fingerprint", base_fingerprint}};
}

class TuneTrainer : public Trainer {
 public:
  TuneTrainer(const TuneOptions& o, double lr, int64_t bsz, fs::path run_dir, std::ostream& echo,
              DistributedContext& dist)
      : Trainer(o.train, lr, bsz, std::move(run_dir), echo, dist), t_(o) {}

  CellResult run() {
    std::optional<DirectoryLock> lock;  // one writer per cell
    if (dist_.is_main()) lock.emplace(dir_, DirectoryLock::Mode::Refuse, "this sweep cell");
    prepare();
    // Rank 0's disk decides: the other ranks may not see it.
    const std::string resume_from = dist_.broadcast_string(
        o_.resume && dist_.is_main() ? newest_resumable_checkpoint(dir_).value_or("") : "");
    open_log(!resume_from.empty());
    if (!resume_from.empty()) {
      restore(resume_from);
      log_->line(fmt::format("resumed from {} at update {}", resume_from, c_.updates));
    } else {
      log_->line(fmt::format(
          "tuning {} ({} method, {} tuned parameters) on {}: lr {}, batch {} "
          "({} x {}), seed {}, {} updates",
          o_.setup.model_dir.string(), tuning_method_name(method_), trained_.numel(), task_.name,
          py_float(lr_), bsz_, plan_.micro, plan_.accumulate, o_.seed, plan_.total_updates));
      if (!model_->load_message().empty()) log_->line(model_->load_message());
    }
    synchronise_ranks();
    train_loop("train");
    // As the original, training that stops inside an epoch scores that
    // partial epoch too.
    if (t_.cartography && c_.scored_updates != c_.updates) on_epoch_end();
    return finish();
  }

 private:
  void build() override {
    ModelSetup setup = o_.setup;
    setup.init_seed = t_.init_seed < 0 ? o_.seed : static_cast<uint64_t>(t_.init_seed);
    model_ = load_task_model(setup, task_);
    method_ = setup.method;
    base_fingerprint_ = model_fingerprint(setup.model_dir);
    trained_ = model_->tuned_parameters();
    for (auto& p : model_->module().parameters()) p.set_requires_grad(false);
    for (const auto& [name, p] : trained_) p.set_requires_grad(true);
    if (!t_.init_from.empty()) {
      const LoadedParams init = load_checkpoint_params(t_.init_from, method_);
      check_checkpoint_family(init, setup.model_dir, t_.init_from.string());
      other_base_ = check_checkpoint_base(init.metadata, setup, t_.init_from.string());
      if (other_base_) echo_ << "note: " << *other_base_ << "\n";
      model_->assign(tuned_from(init.params, trained_, t_.init_from.string()),
                     t_.init_from.string());
    }
  }

  // Every rank starts from rank 0's parameters; ranks other than 0 draw
  // their own dropout masks.
  void synchronise_ranks() {
    if (!dist_.distributed()) return;
    log_->line(
        fmt::format("data parallel over {} processes: each takes its slice of every "
                    "micro-batch of {} rows",
                    dist_.world_size(), plan_.micro));
    std::vector<torch::Tensor> params = trained_tensors();
    dist_.broadcast(params);
    if (!dist_.is_main())
      torch::manual_seed(o_.seed + 1000003ull * static_cast<uint64_t>(dist_.rank()) +
                         static_cast<uint64_t>(c_.updates));
  }

  void after_update() override {
    if (o_.valid_interval > 0 && c_.updates % o_.valid_interval == 0) {
      validate();
      stop_ = dist_.any(stop_);  // rank 0 decides
    }
    if (t_.output_interval > 0 && c_.updates % t_.output_interval == 0)
      save(fmt::format("checkpoint@{}", c_.updates), t_.save_optimizer_state, false);
  }

  void save_best() override { save("checkpoint-best", false, false); }

  std::string save_interrupted() override {
    save("checkpoint-last", true, false);
    return fmt::format("interrupted at update {}: saved checkpoint-last; continue with --resume",
                       c_.updates);
  }

  // cartography.json (with td_metrics.jsonl and datamap.svg beside it) in the
  // sweep directory, as the original writes OUT/cartography.json.
  void on_epoch_end() override {
    if (!t_.cartography || !dist_.is_main()) return;
    CartographyEpoch scores = score_cartography_epoch(*model_, train_split_, task_, o_.eval);
    const fs::path file = o_.output_dir / "cartography.json";
    record_cartography_epoch(file, c_.epoch, scores);
    write_training_dynamics(file);
    c_.scored_updates = c_.updates;
    log_->line(fmt::format("cartography: scored {} training examples after epoch {}",
                           scores.correct.size(), c_.epoch + 1));
  }

  Metadata checkpoint_metadata(bool finished) const {
    json options = cell_options(t_, lr_, bsz_, base_fingerprint_);
    options["max_grad_norm_applied"] = rule_->max_grad_norm;
    const ModelFamily family = model_->family();
    Metadata m = {{"format", "pt"},
                  {"method", tuning_method_name(method_)},
                  {"family", model_family_name(family)},
                  {"base_model", o_.setup.model_dir.string()},
                  {"base_fingerprint", base_fingerprint_},
                  {"task", task_.name},
                  {"updates", std::to_string(c_.updates)},
                  {"epoch", std::to_string(c_.epoch)},
                  {"seed", std::to_string(o_.seed)},
                  {"finished", finished ? "true" : "false"},
                  {"options", options.dump()}};
    if (other_base_) m["other_base"] = *other_base_;
    if (method_ == TuningMethod::Adapter && family == ModelFamily::T5) {
      AdapterConfig a =
          o_.setup.adapters.enabled() ? o_.setup.adapters : AdapterConfig{AdapterType::Houlsby};
      m["adapter_type"] = adapter_type_name(a.type);
      m["adapter_size"] = std::to_string(a.size);
    } else if (method_ == TuningMethod::Adapter) {
      m["adapter_size"] = std::to_string(o_.setup.roberta_adapter_size);
    } else if (method_ == TuningMethod::Lora) {
      m["lora_r"] = std::to_string(o_.setup.lora.r);
      m["lora_alpha"] = fmt::format("{}", o_.setup.lora.alpha);
    }
    return m;
  }

  // Rank 0 alone writes.
  void save(const std::string& name, bool with_state, bool finished) {
    if (!dist_.is_main()) return;
    ParamSet tensors;
    for (const auto& [n, p] : trained_) tensors.set(n, p.detach());
    save_checkpoint(dir_, name, tensors, checkpoint_metadata(finished),
                    with_state ? std::optional<SafetensorsFile>(capture_state()) : std::nullopt);
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
    restore_state(side, files.optim.string());
  }

  // Rank 0 alone saves, tests and writes result.json.
  CellResult finish() {
    if (!dist_.is_main()) return {};
    save("checkpoint-last", t_.save_optimizer_state, true);
    if (!c_.has_best) validate();  // no --valid-interval: the last model is the best
    CellResult r;
    r.metric = metric_name(task_.metric);
    r.dev_performance = c_.best_metric;
    r.updates = c_.updates;
    if (o_.do_predict) {
      const CheckpointFiles best = checkpoint_files(dir_, "checkpoint-best");
      model_->assign(read_safetensors(best.params).tensors, best.params.string());
      r.test_performance =
          test(fmt::format("checkpoint-best (update {})", c_.best_updates), c_.best_updates)
              .performance;  // none when the test file is not evaluated
    }
    json result = {{"task", task_.name},
                   {"metric", r.metric},
                   {"lr", lr_},
                   {"bsz", bsz_},
                   {"seed", o_.seed},
                   {"dev_performance", r.dev_performance},
                   {"test_performance", r.test_performance ? json(*r.test_performance) : json()},
                   {"updates", r.updates},
                   {"best_updates", c_.best_updates}};
    write_text_atomically(dir_ / kResultFile, result.dump(2) + "\n");
    return r;
  }

  const TuneOptions& t_;
  std::string base_fingerprint_;           // of --model, in every checkpoint's metadata
  std::optional<std::string> other_base_;  // --init-from tuned from another base
};

}  // namespace

namespace {

bool finished_earlier(const fs::path& dir) {
  const CheckpointFiles last = checkpoint_files(dir, "checkpoint-last");
  return fs::exists(dir / kResultFile) && fs::exists(last.params) &&
         read_safetensors_metadata(last.params).count("finished") &&
         read_safetensors_metadata(last.params).at("finished") == "true";
}

bool holds_checkpoints(const fs::path& dir) {
  if (!fs::is_directory(dir)) return false;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().rfind("checkpoint", 0) == 0) return true;
  return false;
}

// The options `checkpoint` recorded that the new command sets otherwise.
std::string checkpoint_options_differ(const fs::path& checkpoint, const json& now) {
  const Metadata meta = read_safetensors_metadata(checkpoint);
  auto it = meta.find("options");
  if (it == meta.end()) return "";
  return options_that_differ(json::parse(it->second, nullptr, false), now);
}

// Why the cell in `dir` must not run as asked ("" when it may): a finished
// run asked for with other options, or an interrupted run met without
// --resume (or resumed with other options).
std::string refusal(const TuneOptions& o, double lr, int64_t bsz, const fs::path& dir) {
  const std::string way_out = "choose another --output-dir, or pass --overwrite to train it again";
  const json now = cell_options(o, lr, bsz, model_fingerprint(o.train.setup.model_dir));
  if (finished_earlier(dir)) {
    const std::string differ =
        checkpoint_options_differ(checkpoint_files(dir, "checkpoint-last").params, now);
    if (differ.empty()) return "";
    return fmt::format("{}: finished earlier with other options: {}; {}", dir.string(), differ,
                       way_out);
  }
  if (!holds_checkpoints(dir)) return "";
  const std::optional<std::string> resumable = newest_resumable_checkpoint(dir);
  if (!resumable)
    return fmt::format(
        "{}: holds checkpoints of an earlier run that cannot be resumed (no "
        "optimizer state); {}",
        dir.string(), way_out);
  const fs::path from = checkpoint_files(dir, *resumable).params;
  if (!o.train.resume)
    return fmt::format(
        "{}: holds an interrupted run at update {} ({}): pass --resume to continue "
        "it or --overwrite to start again",
        dir.string(), read_safetensors_metadata(from).at("updates"), *resumable);
  const std::string differ = checkpoint_options_differ(from, now);
  if (differ.empty()) return "";
  return fmt::format("{}: --resume with other options than the interrupted run's: {}; {}",
                     dir.string(), differ, way_out);
}

}  // namespace

CellResult run_tune_cell(const TuneOptions& options, double lr, int64_t bsz, std::ostream& log,
                         DistributedContext& dist) {
  const fs::path dir = options.train.output_dir / run_dir_name(lr, bsz, options.train.seed);
  if (options.overwrite) {
    if (dist.is_main()) fs::remove_all(dir);
  } else if (const std::string why = dist.broadcast_string(  // rank 0's disk decides
                 dist.is_main() ? refusal(options, lr, bsz, dir) : "");
             !why.empty()) {
    throw InputError(why);
  }
  if (dist.any(dist.is_main() && finished_earlier(dir))) {
    if (!dist.is_main()) return {"", 0, 0, 0, true};
    json j = json::parse(read_file_bytes(dir / kResultFile));
    log << fmt::format("{}: finished earlier, skipped\n", dir.filename().string());
    const json& test = j["test_performance"];
    return {j["metric"], j["dev_performance"],
            test.is_null() ? std::nullopt : std::optional<double>(test.get<double>()), j["updates"],
            true};
  }
  return TuneTrainer(options, lr, bsz, dir, log, dist).run();
}

namespace {

// The original's columns, then the seed (two seeds' rows told apart).
constexpr const char* kOriginalCsvHeader = "prefix,metric,lr,bsz,dev_performance,test_performance";
constexpr const char* kCsvHeader = "prefix,metric,lr,bsz,dev_performance,test_performance,seed";

// `csv` (a sweep's result.csv, or empty for a new one) with the seed
// column: a file of an earlier build, without it, gets the column empty.
std::string with_seed_column(const std::string& csv) {
  if (csv.empty()) return std::string(kCsvHeader) + "\n";
  if (csv.rfind(std::string(kOriginalCsvHeader) + "\n", 0) != 0) return csv;
  std::string out;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) out += line + ",\n";
  return kCsvHeader + out.substr(std::string(kOriginalCsvHeader).size() + 1);
}

}  // namespace

void run_tune(const TuneOptions& options, std::ostream& log, DistributedContext& dist) {
  if (options.learning_rates.empty() || options.batch_sizes.empty())
    throw InputError("--lr and --bsz need at least one value each");
  if (options.cartography && options.learning_rates.size() * options.batch_sizes.size() > 1)
    throw InputError(
        "cartography writes one cartography.json per --output-dir: give one --lr "
        "and one --bsz");
  if (dist.is_main()) fs::create_directories(options.train.output_dir);
  const std::string task = task_name_of(options.train.task_dir);
  // Rows accumulate across invocations (other seeds, other sweeps), as the
  // original's result.csv does; a cell finished earlier is not added again.
  // Each row is appended under the sweep directory's lock, to the file as it
  // is then: sweeps running side by side into one directory keep every row.
  // The test column is empty when the test file was not evaluated.
  const fs::path csv_path = options.train.output_dir / "result.csv";
  for (int64_t bsz : options.batch_sizes) {
    for (double lr : options.learning_rates) {
      CellResult r = run_tune_cell(options, lr, bsz, log, dist);
      if (r.skipped || !dist.is_main()) continue;
      DirectoryLock lock(options.train.output_dir, DirectoryLock::Mode::Wait, "the sweep");
      std::string csv = with_seed_column(fs::exists(csv_path) ? read_file_bytes(csv_path) : "");
      csv +=
          fmt::format("{},{},{},{},{},{},{}\n", csv_field(task), csv_field(r.metric), py_float(lr),
                      bsz, py_float(r.dev_performance),
                      r.test_performance ? py_float(*r.test_performance) : "", options.train.seed);
      write_text_atomically(csv_path, csv);
    }
  }
  dist.barrier();  // the other ranks stay until rank 0 has tested and written
}

}  // namespace mcplm
