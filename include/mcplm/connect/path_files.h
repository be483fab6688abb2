// The files of an evaluated path in one output directory. `points.jsonl` is
// the record: one line per evaluated point, appended and flushed as soon as
// the point is done, so an interrupted run resumes and shards merge. Every
// other file is made from it.
#pragma once
#include <filesystem>
#include <vector>

#include "mcplm/connect/path_analysis.h"
#include "mcplm/connect/path_plot.h"
#include "mcplm/connect/path_record.h"

namespace mcplm {

inline constexpr const char* kPointsFile = "points.jsonl";
inline constexpr const char* kPlotFile = "interpolation.svg";

// The records in `dir`/points.jsonl (empty when absent), sorted by x. A last
// line cut short by a crash is ignored; any other bad line is an InputError.
std::vector<PointRecord> read_points(const std::filesystem::path& dir);

// Appends one record and one result.csv row (writing the header first when
// the file is new), flushing both to disk.
void append_point(const std::filesystem::path& dir, const PointRecord& point,
                  const PathLabels& labels);

// Replaces points.jsonl with `points` and result.csv with their rows (no
// average yet), each atomically (a temporary file renamed into place).
void rewrite_points(const std::filesystem::path& dir, const std::vector<PointRecord>& points,
                    const PathLabels& labels);

// The records of several shard directories, sorted by x. InputError when two
// shards hold a result for the same x.
std::vector<PointRecord> merge_points(const std::vector<std::filesystem::path>& dirs);

// Writes result.csv (with `average`), valid/test_data_analysis.json,
// data_analyze.txt, solution_analysis.txt (not with --on-train),
// summary.json, interpolation.svg and points.jsonl, each atomically. The
// plot overlays `linear` (the linear path between the same ends), dashed,
// when it is not empty.
void write_path_outputs(const std::filesystem::path& dir, const std::vector<PointRecord>& points,
                        const PathLabels& labels, const std::vector<PointRecord>& linear = {});

// The figure of every task's path, one colour per task, in `dir` (the
// output directory above the tasks' own).
void write_tasks_plot(const std::filesystem::path& dir, const std::vector<TaskPath>& tasks);

}  // namespace mcplm
