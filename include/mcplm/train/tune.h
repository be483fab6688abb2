// `mcplm tune` / `split-tune` / `cartography`: tune one task, sweeping learning
// rates and batch sizes, with the original's defaults (SPEC section 5).
#pragma once
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "mcplm/core/distributed.h"
#include "mcplm/data/task.h"
#include "mcplm/eval/evaluator.h"
#include "mcplm/model/model_setup.h"
#include "mcplm/train/update_rule.h"

namespace mcplm {

struct TuneOptions {
  ModelSetup setup;  // base model, tokenizer, method, adapters, lengths
  std::filesystem::path task_dir, output_dir;
  TaskOptions task;  // --split, --choose-*-1000, --metric
  EvalOptions eval;
  std::vector<double> learning_rates{5e-5};
  std::vector<int64_t> batch_sizes{32};
  int64_t micro_batch = 16;                   // batches above this are accumulated in steps of it
  uint64_t seed = 42;                         // data order, dropout, answer draws
  int64_t init_seed = -1;                     // initial adapter/head draws; -1: same as --seed
  std::filesystem::path init_from;            // start the tuned parameters from a checkpoint
  int64_t train_iters = 0, train_epochs = 0;  // updates win when both are set
  int64_t valid_interval = 0, output_interval = 0, log_interval = 100;
  int64_t early_stop = 0;   // patience in validations; 0 = never stop early
  OptimizerSettings optim;  // --optimizer, --schedule, --max-grad-norm, --weight-decay, ...
  bool do_predict = true;   // test with checkpoint-best at the end
  bool save_optimizer_state = true;
  bool resume = false;
  bool quiet = false;
  bool cartography = false;  // score the training set after every epoch
};

struct CellResult {
  std::string metric;
  double dev_performance = 0, test_performance = 0;
  int64_t updates = 0;
  bool skipped = false;  // finished earlier
};

// "lr_5e-05_bsz_32_seed_42", as the original names run directories.
std::string run_dir_name(double lr, int64_t bsz, uint64_t seed);

// One sweep cell in OUT/<run_dir_name>/. Writes log.txt, metrics.jsonl,
// checkpoints and result.json; `log` gets the same lines as log.txt. With
// several ranks, each computes the gradients of its slice of every batch
// (same data order as one process) and rank 0 alone validates and writes;
// the result is rank 0's (other ranks return an empty one).
CellResult run_tune_cell(const TuneOptions& options, double lr, int64_t bsz, std::ostream& log,
                         DistributedContext& dist = DistributedContext::single_process());

// Every cell of the --lr x --bsz sweep, then OUT/result.csv with
// prefix,metric,lr,bsz,dev_performance,test_performance (rank 0).
void run_tune(const TuneOptions& options, std::ostream& log,
              DistributedContext& dist = DistributedContext::single_process());

}  // namespace mcplm
