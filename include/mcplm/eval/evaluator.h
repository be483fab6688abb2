// Evaluating a TaskModel on one task file: loss, predictions, the task metric
// and per-example scores.
#pragma once
#include <string>
#include <vector>

#include "mcplm/data/encoded_split.h"
#include "mcplm/data/metric.h"
#include "mcplm/data/task_file.h"
#include "mcplm/model/task_model.h"

namespace mcplm {

// How evaluation turns a batch into predictions (--decode).
enum class DecodeMode {
  greedy,  // free greedy generation (the original's way)
  labels,  // the likeliest of the task's labels, each scored teacher-forced (T5)
};

struct EvalOptions {
  std::size_t batch_size = 32;  // --predict-batch-size
  DecodeMode decode = DecodeMode::greedy;
  // Longest inputs first (less padding, faster). The loss, a mean of per-batch
  // means, then differs slightly from the original's file-order batches.
  bool sort_by_length = false;
  // No per-batch progress bar on a terminal (it is drawn on stderr only
  // when stderr is one, and erased when the split is done).
  bool quiet = false;
};

// One split (dev or test) evaluated: the task metric, the loss and the
// per-example scores.
struct SplitEval {
  double performance = 0;      // the task metric
  double loss = 0;             // mean of per-batch mean losses
  std::vector<double> scores;  // per-example scores in [0, 1], file order
};

struct SplitResult {
  SplitEval eval;                        // metric, loss, per-example scores
  std::vector<std::string> predictions;  // in file order
};

// One pass over `split` (the encoding of `file`) in eval mode, without autograd.
// `labels` are the candidates of DecodeMode::labels (Task::train_labels);
// InputError when that mode has none.
SplitResult evaluate_split(TaskModel& model, const EncodedSplit& split, const TaskFile& file,
                           Metric metric, const EvalOptions& options = {},
                           const std::vector<std::string>& labels = {});

// "greedy" | "labels" -> the mode; InputError otherwise.
DecodeMode parse_decode_mode(const std::string& name);
const char* decode_mode_name(DecodeMode mode);  // "greedy" | "labels"

}  // namespace mcplm
