// RoBERTa's reading of the task files: sentence pairs and a label set.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "mcplm/data/task.h"

namespace mcplm {

// The input split at its first " [SEP] "; `second` is empty and `is_pair`
// false when there is none.
struct SentencePair {
  std::string first, second;
  bool is_pair = false;
};
SentencePair split_sentence_pair(const std::string& input);

// Classification: class id = index in `labels` (the sorted first answers of
// the training file). Regression (Pearson-Correlation tasks): one output, the
// first answer parsed as a number.
struct LabelSpace {
  bool regression = false;
  std::vector<std::string> labels;  // empty for regression

  // The class id of `label`, or -1 when the training file never has it.
  int64_t class_id(const std::string& label) const;
  std::size_t num_outputs() const { return regression ? 1 : labels.size(); }
};
LabelSpace label_space(const Task& task);

}  // namespace mcplm
