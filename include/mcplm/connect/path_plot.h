// interpolation.svg: the metric and the loss of dev and test along a path,
// against its parameter (x on a line, t on a curve), with the ends named,
// the loss barrier marked and, where the loss spans more than two decades
// (or PathLabels::log_loss), a log loss axis.
#pragma once
#include <string>
#include <vector>

#include "mcplm/connect/path_analysis.h"
#include "mcplm/connect/path_record.h"

namespace mcplm {

// One path: dev and test solid, `overlay` (another path between the same
// ends, e.g. the line beside a curve) dashed in the same colours.
std::string path_svg(const std::vector<PointRecord>& points, const PathLabels& labels,
                     const std::vector<PointRecord>& overlay = {});

// One path between the same ends evaluated on one task.
struct TaskPath {
  PathLabels labels;
  std::vector<PointRecord> points;
};

// The paths of several tasks in one figure, one colour per task: dev (or
// train) solid, test dashed. The ends, parameter and scale are the first's.
std::string tasks_svg(const std::vector<TaskPath>& tasks);

// Where the parameter axis is labelled: at every point up to 11 of them,
// else every 0.1.
std::vector<double> path_ticks(const std::vector<PointRecord>& points);

}  // namespace mcplm
