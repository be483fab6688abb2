// The analyses of an evaluated path, in the original's file layouts
// (result.csv, up_list/down_list/zero_list per point, the forgetting report),
// plus mcplm's summary with barriers. All functions take the
// point records of one task sorted by x, first x = 0 and last x = 1.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "mcplm/connect/path_record.h"

namespace mcplm {

inline constexpr const char* kLinearPathTitle = "linear interpolation (1 - x) θ1 + x θ2";
inline constexpr const char* kMergedLoraPathTitle = "merged LoRA updates W + (1 - x) ΔW1 + x ΔW2";

// Example indices by score, and their change against the previous point.
struct ScoreLists {
  std::vector<int64_t> zero, one, up, down, up_to_one, down_to_zero;
};
// `previous` is null at the first point: then up = score > 0, up_to_one = one.
ScoreLists compare_scores(const std::vector<double>& scores, const std::vector<double>* previous);

struct PathLabels {
  std::string prefix;  // the task name
  std::string metric;  // e.g. "ACC"
  bool on_train = false;
  std::string path = kLinearPathTitle;  // what the path is, for the plot's title
  std::string overlay = "linear";       // what an overlaid path is, for its legend
  std::string parameter = "x";          // the plot's x axis: x along a line, t along a curve
  std::string start{}, end{};           // what the ends are, for the plot ("seed 20, update 150")
  bool log_loss = false;                // the plot's loss axis logarithmic (else when it must be)
};

// result.csv: header, one row per point (four decimals), then `average`.
std::string result_csv(const std::vector<PointRecord>& points, const PathLabels& labels);
// data_analyze.txt: counts of the score lists per point and split.
std::string data_analyze_txt(const std::vector<PointRecord>& points, const PathLabels& labels);
// valid_data_analysis.json (split "dev") or test_data_analysis.json ("test"):
// {"0.0": {"zero_list": [...], "one_list": [...], "up_list": [...], "down_list": [...]}, ...}
// (zero_list and one_list only with --on-train).
std::string data_analysis_json(const std::vector<PointRecord>& points, const std::string& split,
                               bool on_train);
// solution_analysis.txt: the x where dev/test beat both ends, best dev, averages.
std::string solution_analysis_txt(const std::vector<PointRecord>& points);

// The barrier of Frankle et al. 2020: the largest gap between the path and the
// straight line joining its ends, oriented so that positive means worse.
struct Barrier {
  double height = 0;
  double x = 0;
};
Barrier loss_barrier(const std::vector<double>& xs, const std::vector<double>& values);
Barrier metric_barrier(const std::vector<double>& xs, const std::vector<double>& values);

// summary.json: endpoint values, barriers for dev/test loss and metric, the
// best interior dev point and whether it beats both ends.
nlohmann::json path_summary(const std::vector<PointRecord>& points, const PathLabels& labels);

}  // namespace mcplm
