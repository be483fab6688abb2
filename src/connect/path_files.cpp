#include "mcplm/connect/path_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/connect/path_plot.h"
#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/report/py_format.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

void sort_by_x(std::vector<PointRecord>& points) {
  std::stable_sort(points.begin(), points.end(),
                   [](const PointRecord& a, const PointRecord& b) { return a.x < b.x; });
}

void append_line(const fs::path& file, const std::string& line) {
  std::ofstream out(file, std::ios::app | std::ios::binary);
  out << line;
  out.flush();
  if (!out) throw std::runtime_error(file.string() + ": cannot append (disk full?)");
}

}  // namespace

std::vector<PointRecord> read_points(const fs::path& dir) {
  const fs::path file = dir / kPointsFile;
  std::vector<PointRecord> points;
  if (!fs::exists(file)) return points;
  std::istringstream in(read_file_bytes(file));
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      if (in.peek() == EOF) break;  // the last line, cut short by an interruption
      throw InputError(file.string(), number, "not valid JSON");
    }
    points.push_back(point_from_json(j, file.string(), number));
  }
  sort_by_x(points);
  return points;
}

void append_point(const fs::path& dir, const PointRecord& point, const PathLabels& labels) {
  fs::create_directories(dir);
  append_line(dir / kPointsFile, to_json(point).dump() + "\n");
  // The row as result.csv will hold it (the final write adds the average).
  std::string csv = result_csv({point}, labels);
  const auto header_end = csv.find('\n') + 1;
  const auto row_end = csv.find('\n', header_end) + 1;
  const fs::path result = dir / "result.csv";
  append_line(result, (fs::exists(result) ? "" : csv.substr(0, header_end)) +
                          csv.substr(header_end, row_end - header_end));
}

void rewrite_points(const fs::path& dir, const std::vector<PointRecord>& points,
                    const PathLabels& labels) {
  std::string records;
  for (const auto& p : points) records += to_json(p).dump() + "\n";
  write_text_atomically(dir / kPointsFile, records);
  std::string csv = result_csv(points, labels);
  csv.erase(csv.rfind('\n', csv.size() - 2) + 1);  // the average row comes at the end
  write_text_atomically(dir / "result.csv", csv);
}

std::vector<PointRecord> merge_points(const std::vector<fs::path>& dirs) {
  std::vector<PointRecord> all;
  for (const auto& dir : dirs) {
    if (!fs::exists(dir / kPointsFile))
      throw InputError((dir / kPointsFile).string(), 0,
                       "no such file (not an interpolate output?)");
    for (auto& p : read_points(dir)) all.push_back(std::move(p));
  }
  sort_by_x(all);
  for (std::size_t i = 1; i < all.size(); ++i)
    if (all[i - 1].x == all[i].x)
      throw InputError(fmt::format("two shards hold x = {}: each point belongs to one shard",
                                   py_float(all[i].x)));
  return all;
}

void write_path_outputs(const fs::path& dir, const std::vector<PointRecord>& points,
                        const PathLabels& labels, const std::vector<PointRecord>& linear) {
  fs::create_directories(dir);
  std::string records;
  for (const auto& p : points) records += to_json(p).dump() + "\n";
  write_text_atomically(dir / kPointsFile, records);
  write_text_atomically(dir / "result.csv", result_csv(points, labels));
  write_text_atomically(dir / "valid_data_analysis.json",
                        data_analysis_json(points, "dev", labels.on_train));
  if (!labels.on_train) {
    write_text_atomically(dir / "test_data_analysis.json",
                          data_analysis_json(points, "test", false));
    write_text_atomically(dir / "solution_analysis.txt", solution_analysis_txt(points));
  }
  write_text_atomically(dir / "data_analyze.txt", data_analyze_txt(points, labels));
  write_text_atomically(dir / "summary.json", path_summary(points, labels).dump(2) + "\n");
  write_text_atomically(dir / kPlotFile, path_svg(points, labels, linear));
}

void write_tasks_plot(const fs::path& dir, const std::vector<TaskPath>& tasks) {
  write_text_atomically(dir / kPlotFile, tasks_svg(tasks));
}

}  // namespace mcplm
