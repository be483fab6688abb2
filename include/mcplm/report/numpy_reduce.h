// float64 reductions in numpy's summation order, so statistics computed here
// print the same digits as the original's numpy code.
#pragma once
#include <vector>

namespace mcplm {

// np.sum of a contiguous float64 array: pairwise summation (blocks of 128
// summed in eight interleaved accumulators, fewer than 8 summed in order).
double numpy_sum(const std::vector<double>& values);
// np.mean: numpy_sum / n (NaN when empty).
double numpy_mean(const std::vector<double>& values);
// np.std with ddof 0 (population): sqrt(numpy_mean((v - mean)^2)).
double numpy_std(const std::vector<double>& values);

}  // namespace mcplm
