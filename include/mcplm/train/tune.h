// `mcplm tune` / `split-tune` / `cartography`: tune one task, sweeping learning
// rates and batch sizes, with the original's defaults (T5: Adafactor at a
// constant rate, clip 0.01; RoBERTa: AdamW, linear decay, clip 1.0).
#pragma once
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "mcplm/core/distributed.h"
#include "mcplm/train/trainer.h"

namespace mcplm {

struct TuneOptions {
  TrainingOptions train;  // model, task, seed, updates, intervals, optimizer, resume
  std::vector<double> learning_rates{5e-5};
  std::vector<int64_t> batch_sizes{32};
  int64_t init_seed = -1;            // initial adapter/head draws; -1: same as --seed
  std::filesystem::path init_from;   // start the tuned parameters from a checkpoint
  int64_t output_interval = 0;       // save checkpoint@N every N updates
  bool save_optimizer_state = true;  // checkpoint@N.optim.safetensors beside them
  bool cartography = false;          // score the training set after every epoch
  bool overwrite = false;            // train a cell again, removing its earlier run
};

struct CellResult {
  std::string metric;
  double dev_performance = 0;
  std::optional<double> test_performance;  // none: the test file was not evaluated
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
