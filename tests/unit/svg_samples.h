// One SVG of each kind mcplm writes, from small made-up data: the path plot
// (with an overlaid path, a barrier and named ends), its log-loss form, the
// figure of several tasks, a data map, a contour map (plane.svg) and a
// sectioned bar chart (weight_find.svg). For the tests that parse and render them.
#pragma once
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "mcplm/connect/path_plot.h"
#include "mcplm/report/bar_chart.h"
#include "mcplm/report/contour_plot.h"
#include "mcplm/train/training_dynamics.h"

namespace mcplm::test {

// `n` points x = i / (n - 1) whose dev and test losses rise by `hump` in the
// middle above ends of `low` and `high`, with an accuracy that dips.
inline std::vector<PointRecord> humped_path(int n, double low, double high, double hump) {
  std::vector<PointRecord> points;
  for (int i = 0; i < n; ++i) {
    const double x = static_cast<double>(i) / (n - 1);
    const double loss = low + (high - low) * x + hump * std::sin(3.141592653589793 * x);
    points.push_back({x, SplitEval{0.8 - 0.3 * std::sin(3.141592653589793 * x), loss, {}},
                      SplitEval{0.75 - 0.2 * std::sin(3.141592653589793 * x), loss * 1.1, {}}});
  }
  return points;
}

inline PathLabels sample_labels() {
  PathLabels labels{"toy-sentiment", "ACC", false};
  labels.start = "seed 20, update 150";
  labels.end = "seed 30, update 150";
  return labels;
}

// (name, document) pairs.
inline std::vector<std::pair<std::string, std::string>> svg_samples() {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("path", path_svg(humped_path(11, 0.05, 0.06, 0.02), sample_labels(),
                                    humped_path(11, 0.05, 0.06, 0.04)));
  out.emplace_back("path_log", path_svg(humped_path(26, 0.01, 0.02, 20), sample_labels()));
  PathLabels other = sample_labels();
  other.prefix = "toy-clarity";
  out.emplace_back("tasks", tasks_svg({{sample_labels(), humped_path(6, 0.1, 0.3, 0.2)},
                                       {other, humped_path(6, 0.4, 0.2, 0.1)}}));
  std::vector<ExampleDynamics> dynamics(60);
  for (std::size_t i = 0; i < dynamics.size(); ++i) {
    const double f = static_cast<double>(i) / static_cast<double>(dynamics.size());
    dynamics[i].confidence = f;
    dynamics[i].variability = 0.4 * f * (1 - f);
    dynamics[i].correct_epochs = std::round(4 * f);
    dynamics[i].correctness = dynamics[i].correct_epochs / 4;
  }
  out.emplace_back("datamap", data_map_svg(dynamics, 4, "data map"));
  const std::vector<double> axis{-0.5, 0, 0.5, 1, 1.5};
  std::vector<double> values;
  for (double y : axis)
    for (double x : axis) values.push_back(x * x + y * y);
  out.emplace_back("plane",
                   contour_svg("plane", "x", "y", axis, axis, {{"dev loss", "loss", values}},
                               {{"θ1", 0, 0}}, {{"line", {0, 1}, {0, 0}, false}}, {"θ1: a"}));
  BarChartStyle style;
  style.title = "weight-find";
  out.emplace_back("bars",
                   sectioned_bar_svg(style, {{"encoder", "block 0", {"q", "o"}, {0.2, 0.7}},
                                             {"decoder", "block 0", {"q", "o"}, {0.9, 0.4}}}));
  return out;
}

}  // namespace mcplm::test
