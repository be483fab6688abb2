// Dataset cartography (Swayamdipta et al. 2020) as the original records it:
// after every epoch, each training example's correctness and the probability
// of its gold label, normalised over the task's label set.
#pragma once
#include <filesystem>
#include <vector>

#include "mcplm/data/encoded_split.h"
#include "mcplm/data/task.h"
#include "mcplm/eval/evaluator.h"
#include "mcplm/model/task_model.h"

namespace mcplm {

struct CartographyEpoch {
  std::vector<double> correct;     // [N] 0/1: greedy prediction matches an answer
  std::vector<double> confidence;  // [N] p(gold label | x) over the label set
};

// Scores the training file in order. InputError when the task is not a
// classification task (more than 64 distinct labels in training).
CartographyEpoch score_cartography_epoch(TaskModel& model, const EncodedSplit& train,
                                         const Task& task, const EvalOptions& eval);

// Sets epoch `epoch` (from 0) of every example in `file`
// ({"0": {"acc": [...], "confidence": [...]}, ...}), dropping any later epochs
// (a resumed run scores them again), and rewrites the file atomically. Epoch 0
// starts a new file.
void record_cartography_epoch(const std::filesystem::path& file, int64_t epoch,
                              const CartographyEpoch& scores);

}  // namespace mcplm
