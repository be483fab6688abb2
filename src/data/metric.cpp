#include "mcplm/data/metric.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/data/metric_functions.h"
#include "mcplm/metrics_json.h"
#include "mcplm/text/python_str.h"

namespace mcplm {
namespace {

const std::array<std::pair<Metric, std::string>, 7>& metric_names() {
  static const std::array<std::pair<Metric, std::string>, 7> names = {{
      {Metric::acc, "ACC"},
      {Metric::em, "EM"},
      {Metric::qa_f1, "QA-F1"},
      {Metric::classification_f1, "Classification-F1"},
      {Metric::matthews_correlation, "Matthew-Correlation"},
      {Metric::pearson_correlation, "Pearson-Correlation"},
      {Metric::rouge_l, "Rouge-L"},
  }};
  return names;
}

const std::map<std::string, Metric>& metric_table() {
  static const std::map<std::string, Metric> table = [] {
    std::map<std::string, Metric> out;
    const auto names =
        nlohmann::json::parse(kMetricsJson).get<std::map<std::string, std::string>>();
    for (const auto& [task, name] : names) out.emplace(task, parse_metric(name));
    return out;
  }();
  return table;
}

double mean(const std::vector<double>& values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// The best score of `prediction` over a line's answers.
template <class Score>
double best_over(const std::string& prediction, const std::vector<std::string>& answers,
                 Score score) {
  double best = 0;
  for (const auto& answer : answers)
    best = std::max(best, static_cast<double>(score(prediction, answer)));
  return best;
}

std::vector<double> per_line(const std::vector<std::string>& predictions,
                             const std::vector<std::vector<std::string>>& answers,
                             double (*score)(const std::string&, const std::vector<std::string>&)) {
  std::vector<double> out(predictions.size());
  for (std::size_t i = 0; i < predictions.size(); ++i) out[i] = score(predictions[i], answers[i]);
  return out;
}

double best_accuracy(const std::string& p, const std::vector<std::string>& a) {
  return best_over(p, a, accuracy_match);
}
double best_exact_match(const std::string& p, const std::vector<std::string>& a) {
  return best_over(p, a, exact_match);
}
double best_qa_f1(const std::string& p, const std::vector<std::string>& a) {
  return best_over(p, a, qa_f1);
}
double best_rouge_l(const std::string& p, const std::vector<std::string>& a) {
  return best_over(p, a, rouge_l_score);
}

}  // namespace

const std::string& metric_name(Metric metric) {
  for (const auto& [m, name] : metric_names())
    if (m == metric) return name;
  throw std::logic_error("metric_name: unknown metric");
}

Metric parse_metric(const std::string& name) {
  std::string known;
  for (const auto& [metric, metric_name] : metric_names()) {
    if (metric_name == name) return metric;
    known += (known.empty() ? "" : ", ") + metric_name;
  }
  throw InputError(fmt::format("unknown metric '{}' (known: {})", name, known));
}

Metric metric_for_task(const std::string& task, const std::string& override_name,
                       const std::string& where) {
  if (!override_name.empty()) return parse_metric(override_name);
  auto it = metric_table().find(task);
  if (it == metric_table().end())
    throw InputError(where, 0,
                     fmt::format("task '{}' has no metric in metrics.json; pass --metric", task));
  return it->second;
}

MetricResult evaluate_metric(Metric metric, const std::vector<std::string>& raw_predictions,
                             const std::vector<std::vector<std::string>>& raw_answers) {
  if (raw_predictions.size() != raw_answers.size())
    throw std::invalid_argument(fmt::format("evaluate_metric: {} predictions for {} lines",
                                            raw_predictions.size(), raw_answers.size()));
  std::vector<std::string> predictions;
  std::vector<std::vector<std::string>> answers;
  for (const auto& p : raw_predictions) predictions.emplace_back(py_strip(p));
  for (const auto& line : raw_answers) {
    if (line.empty()) throw std::invalid_argument("evaluate_metric: a line without answers");
    answers.emplace_back();
    for (const auto& a : line) answers.back().emplace_back(py_strip(a));
  }
  std::vector<std::string> gold;
  for (const auto& line : answers) gold.push_back(line[0]);

  MetricResult result;
  switch (metric) {
    case Metric::acc:
      result.per_example = per_line(predictions, answers, best_accuracy);
      result.value = mean(result.per_example);
      break;
    case Metric::em:
      result.per_example = per_line(predictions, answers, best_exact_match);
      result.value = mean(result.per_example);
      break;
    case Metric::qa_f1:
      result.per_example = per_line(predictions, answers, best_qa_f1);
      result.value = mean(result.per_example);
      break;
    case Metric::rouge_l:
      result.per_example = per_line(predictions, answers, best_rouge_l);
      result.value = mean(result.per_example);
      break;
    case Metric::classification_f1:
      result.per_example = per_line(predictions, answers, best_accuracy);
      result.value = macro_f1(gold, predictions);
      break;
    case Metric::matthews_correlation: {
      result.per_example = per_line(predictions, answers, best_accuracy);
      std::vector<int> gold_ok, predicted_ok;
      for (const auto& g : gold) gold_ok.push_back(g == "acceptable");
      for (const auto& p : predictions) predicted_ok.push_back(p == "acceptable");
      result.value = matthews_corrcoef(gold_ok, predicted_ok);
      break;
    }
    case Metric::pearson_correlation: {
      result.per_example = per_line(predictions, answers, best_accuracy);
      constexpr double nan = std::numeric_limits<double>::quiet_NaN();
      std::vector<double> gold_values, predicted_values;
      for (const auto& g : gold) gold_values.push_back(py_float(g).value_or(nan));
      for (const auto& p : predictions) predicted_values.push_back(py_float(p).value_or(nan));
      result.value = pearson_r(gold_values, predicted_values);
      break;
    }
  }
  return result;
}

}  // namespace mcplm
