// Corpus-level metrics as sklearn and scipy compute them.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "mcplm/data/metric_functions.h"

namespace mcplm {

double macro_f1(const std::vector<std::string>& gold, const std::vector<std::string>& predictions) {
  const std::set<std::string> labels(gold.begin(), gold.end());  // np.unique: sorted
  if (labels.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (const auto& label : labels) {
    long true_positive = 0, predicted = 0, actual = 0;
    for (std::size_t i = 0; i < gold.size(); ++i) {
      bool is_gold = gold[i] == label, is_predicted = predictions[i] == label;
      true_positive += is_gold && is_predicted;
      predicted += is_predicted;
      actual += is_gold;
    }
    // sklearn sets ill-defined precision (nothing predicted) to 0.
    double precision = predicted ? static_cast<double>(true_positive) / predicted : 0.0;
    double recall = static_cast<double>(true_positive) / actual;
    sum += precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
  }
  return sum / static_cast<double>(labels.size());
}

double matthews_corrcoef(const std::vector<int>& gold, const std::vector<int>& predictions) {
  if (gold.empty()) return std::numeric_limits<double>::quiet_NaN();
  double confusion[2][2] = {{0, 0}, {0, 0}};  // [gold][predicted]
  for (std::size_t i = 0; i < gold.size(); ++i) confusion[gold[i] != 0][predictions[i] != 0] += 1;
  const double t_sum[2] = {confusion[0][0] + confusion[0][1], confusion[1][0] + confusion[1][1]};
  const double p_sum[2] = {confusion[0][0] + confusion[1][0], confusion[0][1] + confusion[1][1]};
  const double n_correct = confusion[0][0] + confusion[1][1];
  const double n_samples = p_sum[0] + p_sum[1];
  const double cov_ytyp = n_correct * n_samples - (t_sum[0] * p_sum[0] + t_sum[1] * p_sum[1]);
  const double cov_ypyp = n_samples * n_samples - (p_sum[0] * p_sum[0] + p_sum[1] * p_sum[1]);
  const double cov_ytyt = n_samples * n_samples - (t_sum[0] * t_sum[0] + t_sum[1] * t_sum[1]);
  if (cov_ypyp * cov_ytyt == 0) return 0.0;
  return cov_ytyp / std::sqrt(cov_ytyt * cov_ypyp);
}

double pearson_r(const std::vector<double>& x, const std::vector<double>& y) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = x.size();
  if (n < 2) return nan;
  for (std::size_t i = 0; i < n; ++i)
    if (std::isnan(x[i]) || std::isnan(y[i])) return nan;
  auto constant = [](const std::vector<double>& v) {
    for (double value : v)
      if (value != v[0]) return false;
    return true;
  };
  if (constant(x) || constant(y)) return nan;
  auto sign = [](double v) { return static_cast<double>((v > 0) - (v < 0)); };
  if (n == 2) return sign(x[1] - x[0]) * sign(y[1] - y[0]);

  double x_mean = 0, y_mean = 0;
  for (std::size_t i = 0; i < n; ++i) x_mean += x[i], y_mean += y[i];
  x_mean /= static_cast<double>(n);
  y_mean /= static_cast<double>(n);
  double x_norm = 0, y_norm = 0;
  for (std::size_t i = 0; i < n; ++i) {
    x_norm += (x[i] - x_mean) * (x[i] - x_mean);
    y_norm += (y[i] - y_mean) * (y[i] - y_mean);
  }
  x_norm = std::sqrt(x_norm);
  y_norm = std::sqrt(y_norm);
  double r = 0;
  for (std::size_t i = 0; i < n; ++i) r += ((x[i] - x_mean) / x_norm) * ((y[i] - y_mean) / y_norm);
  return std::max(std::min(r, 1.0), -1.0);
}

}  // namespace mcplm
