// The scaffold every trainer stands on (tune, curve, weight-find): the set-up
// (seeds, task, model, encoded training split, batch plan, sampler, update
// rule), the loop (progress, train-loss log lines, epochs, Ctrl-C), the resume
// state and tune-style validation with a best point. A trainer says what it
// trains and how an update's model parameters are formed from it; the
// scaffold does the rest.
//
// One update: form_parameters() sets the model's tuned tensors from what
// trains (tune: nothing to do, they are what trains; curve: its point at a
// drawn t), the micro-batches are back-propagated into the model,
// collect_gradients() turns the model's gradients into those of what trains
// (curve: w_k(t)·dL/dP on bend k), the ranks sum them, and the optimizer steps.
#pragma once
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mcplm/core/distributed.h"
#include "mcplm/data/loop_counters.h"
#include "mcplm/data/task.h"
#include "mcplm/eval/evaluator.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/model_setup.h"
#include "mcplm/report/event_file.h"
#include "mcplm/train/batch_plan.h"
#include "mcplm/train/rng_state.h"
#include "mcplm/train/run_log.h"
#include "mcplm/train/update_rule.h"

namespace mcplm {

// The options every trainer takes.
struct TrainingOptions {
  ModelSetup setup;  // base model, tokenizer, method, adapters, lengths, device
  std::filesystem::path task_dir, output_dir;
  TaskOptions task;  // --split, --choose-*-1000, --metric
  EvalOptions eval;
  int64_t micro_batch = 16;                   // batches above this are accumulated in steps of it
  uint64_t seed = 42;                         // data order, dropout and the trainer's own draws
  int64_t train_iters = 0, train_epochs = 0;  // updates win when both are set
  int64_t log_interval = 100;
  int64_t valid_interval = 0;  // validate every N updates; 0: the trainer decides
  int64_t early_stop = 0;      // patience in validations; 0 = never stop early
  OptimizerSettings optim;     // --optimizer, --schedule, --max-grad-norm, ...
  bool do_predict = true;      // evaluate the test file at the end
  bool resume = false;         // continue the run in the output directory
  bool quiet = false;          // no progress bar or log echo
  // The numbers of metrics.jsonl also as TensorBoard scalars in dir/tb.
  bool tensorboard = tensorboard_built();
};

class Trainer {
 public:
  virtual ~Trainer();

 protected:
  // `dir` holds the run's log and saves; several ranks train data-parallel.
  Trainer(const TrainingOptions& options, double lr, int64_t bsz, std::filesystem::path dir,
          std::ostream& echo, DistributedContext& dist);

  // --- What a trainer says.
  // Builds model_ for task_ (the seeds are set) and fills trained_ (leaves
  // that require grad) and method_.
  virtual void build() = 0;
  // Before an update's forward passes: the model's parameters from trained_.
  virtual void form_parameters() {}
  // After its backward passes: the model's gradients become trained_'s.
  virtual void collect_gradients() {}
  // Whether the model trains in training mode (dropout on). Weight-find's
  // stays in evaluation mode, as the original's never leaves it.
  virtual bool dropout_in_training() const { return true; }
  // Engines the trainer draws from besides LibTorch's (saved for resume).
  virtual RngEngines engines() { return {}; }
  // After each update, with the counters advanced: validation, saves.
  virtual void after_update() {}
  // Before an epoch's end is counted (cartography scores the training set).
  virtual void on_epoch_end() {}
  // The best point so far, after validate() found it (rank 0).
  virtual void save_best() {}
  // At Ctrl-C, on every rank: save what resuming needs; returns the log line.
  virtual std::string save_interrupted() = 0;

  // --- The scaffold.
  // Seeds LibTorch, loads the task, build(), encodes the training split,
  // plans the batches and makes the sampler and the update rule.
  void prepare();
  // log.txt, metrics.jsonl (continued when `append`) and tb/ in dir_.
  void open_log(bool append);
  // Updates until the plan's total or stop_; Interrupted after
  // save_interrupted() on Ctrl-C.
  void train_loop(const std::string& progress_label);
  // Dev evaluation on rank 0 (other ranks return at once); a result at least
  // as good as the best so far calls save_best(); with early_stop, sets stop_
  // once patience is used up.
  void validate();
  // The test file evaluated as the model stands, logged as `Test | label`.
  SplitEval test(const std::string& label, int64_t updates);
  // o_.eval, without its per-batch progress bar under --quiet.
  EvalOptions eval_options() const;
  // The optimizer, engines and counters to save / to put back.
  SafetensorsFile capture_state();
  void restore_state(const SafetensorsFile& saved, const std::string& source);
  // The trained tensors, in order (what the optimizer steps).
  std::vector<torch::Tensor> trained_tensors() const;

  const TrainingOptions& o_;
  const double lr_;
  const int64_t bsz_;
  const std::filesystem::path dir_;
  std::ostream& echo_;
  DistributedContext& dist_;
  std::unique_ptr<RunLog> log_;
  Task task_;
  std::unique_ptr<TaskModel> model_;
  TuningMethod method_ = TuningMethod::Model;
  ParamSet trained_;  // what the optimizer updates
  EncodedSplit train_split_;
  BatchPlan plan_;
  std::unique_ptr<TrainSampler> sampler_;
  std::optional<UpdateRule> rule_;
  LoopCounters c_;
  bool stop_ = false;  // early stop decided

 private:
  void log_train(double lr);
  std::optional<EncodedSplit> dev_split_;  // encoded at the first validation
};

}  // namespace mcplm
