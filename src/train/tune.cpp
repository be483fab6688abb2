#include "mcplm/train/tune.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/directory_lock.h"
#include "mcplm/io/load_params.h"
#include "mcplm/report/csv_field.h"
#include "mcplm/report/py_format.h"
#include "mcplm/train/cartography.h"
#include "mcplm/train/checkpoint.h"
#include "mcplm/train/checkpoint_io.h"
#include "mcplm/train/training_dynamics.h"

namespace mcplm {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string run_dir_name(double lr, int64_t bsz, uint64_t seed) {
  return fmt::format("lr_{}_bsz_{}_seed_{}", py_float(lr), bsz, seed);
}

namespace {

constexpr const char* kResultFile = "result.json";

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
    trained_ = model_->tuned_parameters();
    for (auto& p : model_->module().parameters()) p.set_requires_grad(false);
    for (const auto& [name, p] : trained_) p.set_requires_grad(true);
    if (!t_.init_from.empty()) {
      const LoadedParams init = load_checkpoint_params(t_.init_from, method_);
      check_checkpoint_family(init, setup.model_dir, t_.init_from.string());
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
                           scores.correct.size(), c_.epoch));
  }

  Metadata checkpoint_metadata(bool finished) const {
    json options = {{"lr", lr_},
                    {"bsz", bsz_},
                    {"seed", o_.seed},
                    {"init_seed", t_.init_seed},
                    {"train_iters", o_.train_iters},
                    {"train_epochs", o_.train_epochs},
                    {"max_grad_norm", rule_->max_grad_norm},
                    {"split", o_.task.split},
                    {"max_input_length", o_.setup.t5.max_input_length},
                    {"max_output_length", o_.setup.t5.max_output_length}};
    const ModelFamily family = model_->family();
    Metadata m = {{"format", "pt"},
                  {"method", tuning_method_name(method_)},
                  {"family", model_family_name(family)},
                  {"base_model", o_.setup.model_dir.string()},
                  {"task", task_.name},
                  {"updates", std::to_string(c_.updates)},
                  {"epoch", std::to_string(c_.epoch)},
                  {"seed", std::to_string(o_.seed)},
                  {"finished", finished ? "true" : "false"},
                  {"options", options.dump()}};
    if (method_ == TuningMethod::Adapter && family == ModelFamily::T5) {
      AdapterConfig a =
          o_.setup.adapters.enabled() ? o_.setup.adapters : AdapterConfig{AdapterType::Houlsby};
      m["adapter_type"] = adapter_type_name(a.type);
      m["adapter_size"] = std::to_string(a.size);
    } else if (method_ == TuningMethod::Adapter) {
      m["adapter_size"] = std::to_string(o_.setup.roberta_adapter_size);
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
  const fs::path dir = options.train.output_dir / run_dir_name(lr, bsz, options.train.seed);
  if (dist.any(dist.is_main() && finished_earlier(dir))) {  // rank 0's disk decides
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
      std::string csv = fs::exists(csv_path)
                            ? read_file_bytes(csv_path)
                            : "prefix,metric,lr,bsz,dev_performance,test_performance\n";
      csv += fmt::format("{},{},{},{},{},{}\n", csv_field(task), csv_field(r.metric), py_float(lr),
                         bsz, py_float(r.dev_performance),
                         r.test_performance ? py_float(*r.test_performance) : "");
      write_text_atomically(csv_path, csv);
    }
  }
  dist.barrier();  // the other ranks stay until rank 0 has tested and written
}

}  // namespace mcplm
