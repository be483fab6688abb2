// The task metrics of the original (CrossFit's table, data/metrics.json) and
// how each scores predictions against a line's answers.
#pragma once
#include <string>
#include <vector>

namespace mcplm {

enum class Metric {
  acc,                   // "ACC"
  em,                    // "EM"
  qa_f1,                 // "QA-F1"
  classification_f1,     // "Classification-F1"
  matthews_correlation,  // "Matthew-Correlation"
  pearson_correlation,   // "Pearson-Correlation"
  rouge_l,               // "Rouge-L"
};

// The name as the original writes it ("QA-F1").
const std::string& metric_name(Metric metric);
// InputError listing the names when `name` is none of them.
Metric parse_metric(const std::string& name);

// The metric of `task` from the embedded copy of data/metrics.json, or
// `override_name` when that is not empty. InputError (naming `where`, the
// task directory) when the task is not in the table and there is no override.
Metric metric_for_task(const std::string& task, const std::string& override_name = "",
                       const std::string& where = "");

// The corpus value and one score in [0, 1] per example, for the forgetting
// analysis: ACC/EM 0 or 1, QA-F1 and Rouge-L the example's own score, and
// for Classification-F1, Matthew- and Pearson-Correlation the case-insensitive
// exact match (ACC) of the example.
struct MetricResult {
  double value = 0;
  std::vector<double> per_example;
};

// Scores predictions against each line's answers (at least one per line).
// Predictions and answers are stripped of surrounding white space first.
// Empty input gives NaN (the original's np.mean of nothing); so does a
// correlation that is undefined.
MetricResult evaluate_metric(Metric metric, const std::vector<std::string>& predictions,
                             const std::vector<std::vector<std::string>>& answers);

}  // namespace mcplm
