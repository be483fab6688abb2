// A filled contour map as SVG: a value over a rectangular grid drawn as a
// heatmap (viridis) with iso-lines and a colour bar, points marked and
// labelled and paths drawn over it. For `mcplm plane`.
#pragma once
#include <string>
#include <vector>

namespace mcplm {

struct ContourPanel {
  std::string title, value_label;
  std::vector<double> values;  // [ys.size()][xs.size()] row-major by y; NaN: not evaluated
};

struct MapMarker {
  std::string label;
  double x = 0, y = 0;
};

struct MapPath {
  std::string label;
  std::vector<double> x, y;
  bool dashed = false;
};

// One panel per value (e.g. dev loss, dev metric), side by side, over the
// same grid axes `xs` and `ys` (increasing) and with the same marks;
// `caption` (e.g. what the markers stand for) under them.
std::string contour_svg(const std::string& title, const std::string& x_label,
                        const std::string& y_label, const std::vector<double>& xs,
                        const std::vector<double>& ys, const std::vector<ContourPanel>& panels,
                        const std::vector<MapMarker>& markers, const std::vector<MapPath>& paths,
                        const std::vector<std::string>& caption = {});

// The iso-line segments of `values` (row-major [ys][xs]) at `level`, by
// marching squares: {x1, y1, x2, y2} in data coordinates.
std::vector<std::vector<double>> iso_segments(const std::vector<double>& xs,
                                              const std::vector<double>& ys,
                                              const std::vector<double>& values, double level);

// The viridis colour of t in [0, 1], as "#rrggbb".
std::string viridis(double t);

}  // namespace mcplm
