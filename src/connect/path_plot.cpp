#include "mcplm/connect/path_plot.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <optional>

#include "mcplm/report/svg_plot.h"

namespace mcplm {

namespace {

constexpr const char* kDevColor = "#1f77b4";
constexpr const char* kTestColor = "#ff7f0e";
// matplotlib's tab10, for one colour per task.
constexpr const char* kTaskColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                       "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

// One split's metric and loss along a path.
struct SplitSeries {
  Series metric, loss;
};

SplitSeries split_series(const std::vector<PointRecord>& points, bool test,
                         const std::string& label, const std::string& color, bool dashed) {
  SplitSeries s{{label, {}, {}, color, dashed}, {label, {}, {}, color, dashed}};
  for (const auto& p : points) {
    const auto& split = test ? p.test : p.dev;
    if (!split) continue;
    s.metric.x.push_back(p.x), s.metric.y.push_back(split->performance);
    s.loss.x.push_back(p.x), s.loss.y.push_back(split->loss);
  }
  return s;
}

// The loss barrier of `loss` as summary.json gives it (loss_barrier over
// every point of the path), when the path climbs above its ends' chord.
std::optional<BarrierMark> barrier_mark(const Series& loss, std::size_t points) {
  if (loss.x.size() != points || points < 3) return std::nullopt;
  const Barrier b = loss_barrier(loss.x, loss.y);
  if (!(b.height > 0)) return std::nullopt;
  const auto at = std::find(loss.x.begin(), loss.x.end(), b.x) - loss.x.begin();
  return BarrierMark{fmt::format("{} barrier {:.4g}", loss.label, b.height),
                     loss.color,
                     loss.x.front(),
                     loss.y.front(),
                     loss.x.back(),
                     loss.y.back(),
                     b.x,
                     loss.y[static_cast<std::size_t>(at)]};
}

// The figure's two panels from the splits of its paths; each path's
// barriers marked on the loss panel.
std::string path_figure(const std::string& title, const std::string& metric,
                        const PathLabels& labels, const std::vector<PointRecord>& grid,
                        const std::vector<SplitSeries>& splits,
                        const std::vector<std::size_t>& points) {
  Panel metric_panel{metric, labels.parameter, metric, {}, path_ticks(grid)};
  Panel loss_panel{"loss", labels.parameter, "loss", {}, path_ticks(grid)};
  loss_panel.y_scale = labels.log_loss ? YScale::Log : YScale::Auto;
  for (std::size_t i = 0; i < splits.size(); ++i) {
    const SplitSeries& s = splits[i];
    if (s.metric.x.empty()) continue;
    metric_panel.series.push_back(s.metric);
    loss_panel.series.push_back(s.loss);
    if (auto mark = barrier_mark(s.loss, points[i])) loss_panel.barriers.push_back(*mark);
  }
  AxisEnds ends;
  if (!labels.start.empty()) ends.left = "θ1: " + labels.start;
  if (!labels.end.empty()) ends.right = "θ2: " + labels.end;
  return line_chart_svg(title, {metric_panel, loss_panel}, ends);
}

}  // namespace

std::vector<double> path_ticks(const std::vector<PointRecord>& points) {
  std::vector<double> ticks;
  if (points.size() <= 11) {
    for (const auto& p : points) ticks.push_back(p.x);
  } else {
    for (int i = 0; i <= 10; ++i) ticks.push_back(i / 10.0);
  }
  return ticks;
}

std::string path_svg(const std::vector<PointRecord>& points, const PathLabels& labels,
                     const std::vector<PointRecord>& overlay) {
  const std::string dev = labels.on_train ? "train" : "dev";
  const std::string suffix = " (" + labels.overlay + ")";
  return path_figure(fmt::format("{}: {}", labels.prefix, labels.path), labels.metric, labels,
                     points,
                     {split_series(points, false, dev, kDevColor, false),
                      split_series(points, true, "test", kTestColor, false),
                      split_series(overlay, false, dev + suffix, kDevColor, true),
                      split_series(overlay, true, "test" + suffix, kTestColor, true)},
                     {points.size(), points.size(), overlay.size(), overlay.size()});
}

std::string tasks_svg(const std::vector<TaskPath>& tasks) {
  std::vector<SplitSeries> splits;
  std::vector<std::size_t> points;
  std::vector<std::string> names, metrics;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const TaskPath& t = tasks[i];
    const std::string color = kTaskColors[i % std::size(kTaskColors)];
    const std::string name = t.labels.prefix;
    splits.push_back(split_series(t.points, false, name + (t.labels.on_train ? " train" : " dev"),
                                  color, false));
    splits.push_back(split_series(t.points, true, name + " test", color, true));
    points.insert(points.end(), 2, t.points.size());
    names.push_back(name);
    if (std::find(metrics.begin(), metrics.end(), t.labels.metric) == metrics.end())
      metrics.push_back(t.labels.metric);
  }
  const PathLabels& first = tasks.front().labels;
  return path_figure(fmt::format("{}: {}", fmt::join(names, ", "), first.path),
                     fmt::format("{}", fmt::join(metrics, " / ")), first, tasks.front().points,
                     splits, points);
}

}  // namespace mcplm
