#include "mcplm/data/roberta_view.h"

#include <algorithm>

namespace mcplm {

SentencePair split_sentence_pair(const std::string& input) {
  static const std::string separator = " [SEP] ";
  std::size_t at = input.find(separator);
  if (at == std::string::npos) return {input, "", false};
  return {input.substr(0, at), input.substr(at + separator.size()), true};
}

int64_t LabelSpace::class_id(const std::string& label) const {
  auto it = std::lower_bound(labels.begin(), labels.end(), label);
  return it != labels.end() && *it == label ? it - labels.begin() : -1;
}

LabelSpace label_space(const Task& task) {
  LabelSpace space;
  space.regression = task.metric == Metric::pearson_correlation;
  if (!space.regression) space.labels = task.train_labels;
  return space;
}

}  // namespace mcplm
