// Self-contained SVG charts (no Python, no gnuplot): line panels for paths,
// a scatter plot for data maps. Output opens in any browser.
#pragma once
#include <string>
#include <vector>

namespace mcplm {

struct Series {
  std::string label;
  std::vector<double> x, y;
  std::string color;    // CSS colour
  bool dashed = false;  // e.g. a baseline path overlaid
};

struct Panel {
  std::string title, x_label, y_label;
  std::vector<Series> series;
};

// Panels side by side under a common title; each panel with axes, ticks,
// labels and a legend. Non-finite values are skipped.
std::string line_chart_svg(const std::string& title, const std::vector<Panel>& panels);

struct ScatterGroup {
  std::string label, color;
  std::vector<double> x, y;
};

// A labelled rectangle drawn behind the points (data-map regions).
struct Region {
  std::string label;
  double x0, y0, x1, y1;
  std::string color;
};

std::string scatter_svg(const std::string& title, const std::string& x_label,
                        const std::string& y_label, const std::vector<ScatterGroup>& groups,
                        const std::vector<Region>& regions = {});

// `s` with &, <, > and " escaped for SVG text and attributes.
std::string svg_escape(const std::string& s);

// Tick positions covering [lo, hi] at a 1/2/5 x 10^k step, about `count` of them.
std::vector<double> nice_ticks(double lo, double hi, int count = 5);

}  // namespace mcplm
