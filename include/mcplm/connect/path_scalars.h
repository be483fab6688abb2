// What TensorBoard shows of an evaluated path (interpolate, curve): one event
// per point, at step round(1000·x) (x has 3 decimals, so steps are distinct),
// tagged "path/dev/<METRIC>", "path/dev/loss", "path/test/<METRIC>" and
// "path/test/loss" ("path/train/..." for --on-train's training file). The
// "path/" section keeps them apart from a curve's training scalars in the
// same folder; runs of other paths (linear/, factors/) overlay in its charts.
#pragma once
#include <cstdint>
#include <vector>

#include "mcplm/connect/path_analysis.h"
#include "mcplm/connect/path_record.h"
#include "mcplm/report/event_file.h"

namespace mcplm {

int64_t path_step(double x);

std::vector<Scalar> path_scalars(const PointRecord& point, const PathLabels& labels);

// The points of a path as one event each, in the order given.
void write_path_scalars(EventFileWriter& writer, const std::vector<PointRecord>& points,
                        const PathLabels& labels);

}  // namespace mcplm
