// What evaluating one point of a path produces, and its one-line JSON form
// (the `points.jsonl` record from which every interpolation output is made,
// so a resumed or sharded run rebuilds the same files).
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mcplm/eval/evaluator.h"

namespace mcplm {

struct PointRecord {
  double x = 0;
  std::optional<SplitEval> dev;  // the dev file, or the train file with --on-train
  std::optional<SplitEval> test;
};

nlohmann::json to_json(const PointRecord& record);
// InputError naming `file` and `line` when `j` is not a point record.
PointRecord point_from_json(const nlohmann::json& j, const std::string& file, std::size_t line);

// The most points: x is rounded to 3 decimals, so more would repeat.
constexpr int kMaxInterpolationPoints = 1001;

// x = round(linspace(0, 1, n), 3), as the original computes them;
// InputError unless 2 <= n <= kMaxInterpolationPoints.
std::vector<double> interpolation_points(int n);

}  // namespace mcplm
