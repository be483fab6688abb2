#include "mcplm/report/numpy_reduce.h"

#include <cmath>
#include <cstddef>
#include <limits>

namespace mcplm {

namespace {

// numpy's pairwise_sum for doubles (numpy/core/src/umath/loops_utils.h.src).
double pairwise_sum(const double* a, std::size_t n) {
  constexpr std::size_t kBlock = 128;
  if (n < 8) {
    double sum = 0.;
    for (std::size_t i = 0; i < n; ++i) sum += a[i];
    return sum;
  }
  if (n <= kBlock) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += a[i];
    return sum;
  }
  std::size_t half = n / 2;
  half -= half % 8;
  return pairwise_sum(a, half) + pairwise_sum(a + half, n - half);
}

}  // namespace

double numpy_sum(const std::vector<double>& values) {
  return 0. + pairwise_sum(values.data(), values.size());
}

double numpy_mean(const std::vector<double>& values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  return numpy_sum(values) / static_cast<double>(values.size());
}

double numpy_std(const std::vector<double>& values) {
  const double mean = numpy_mean(values);
  std::vector<double> squares;
  squares.reserve(values.size());
  for (double v : values) squares.push_back((v - mean) * (v - mean));
  return std::sqrt(numpy_mean(squares));
}

}  // namespace mcplm
