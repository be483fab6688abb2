// Range checks of numeric options. Each says the allowed range in words
// ("--bsz: must be an integer in [1, 65536] (got 0)"), exit 2, before any
// command runs; a float must be finite.
#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <limits>

namespace mcplm::cli {

// The largest batch size a batch option takes (--bsz, --predict-batch-size).
constexpr int64_t kMaxBatchSize = 65536;
// The largest adapter bottleneck (--adapter-size, --roberta-adapter-size).
constexpr int64_t kMaxAdapterSize = 65536;
// The largest learning rate (--lr).
constexpr double kMaxLearningRate = 10;
// The most points along a path (interpolate and curve --points).
constexpr int64_t kMaxPathPoints = 100000;

// An integer in [lo, hi].
CLI::Validator integer_in(int64_t lo, int64_t hi);
// An integer >= 1 (and <= hi).
CLI::Validator positive_integer(int64_t hi = std::numeric_limits<int32_t>::max());
// An integer >= 0 (and <= hi).
CLI::Validator non_negative_integer(int64_t hi = std::numeric_limits<int32_t>::max());
// A finite number > 0 (and <= hi).
CLI::Validator positive_real(double hi = std::numeric_limits<double>::max());
// A finite number >= 0 (and <= hi).
CLI::Validator non_negative_real(double hi = std::numeric_limits<double>::max());
// Any finite number.
CLI::Validator finite_real();

}  // namespace mcplm::cli
