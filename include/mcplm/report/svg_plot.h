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

// A barrier over a path (Frankle et al.): the chord joining the path's ends
// (x0, y0)–(x1, y1), dotted, and a segment at `x` from the chord to the
// path's value `y`, with `label` (e.g. its height) beside it.
struct BarrierMark {
  std::string label, color;
  double x0 = 0, y0 = 0, x1 = 1, y1 = 0;
  double x = 0, y = 0;
};

enum class YScale {
  Linear,
  Log,   // values <= 0 are not drawn
  Auto,  // Log when every value is positive and the largest over the smallest exceeds 100
};

struct Panel {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  std::vector<double> x_ticks{};  // where x is labelled; empty: about five round values
  YScale y_scale = YScale::Linear;
  std::vector<BarrierMark> barriers{};
};

// What the two ends of every panel's x axis are, written under its left and
// right ends (e.g. the checkpoints a path joins); empty: nothing.
struct AxisEnds {
  std::string left, right;
};

// Panels side by side under a common title; each panel with axes, ticks,
// labels and a legend. Non-finite values are skipped.
std::string line_chart_svg(const std::string& title, const std::vector<Panel>& panels,
                           const AxisEnds& ends = {});

struct ScatterGroup {
  std::string label, color;
  std::vector<double> x, y;
};

// A labelled rectangle drawn behind the points (data-map regions); its label
// is written over the points.
struct Region {
  std::string label;
  double x0, y0, x1, y1;
  std::string color;
};

// Counts of values in the bins [edges[i], edges[i + 1]), drawn as a small
// panel of bars beside a scatter plot.
struct Histogram {
  std::string label, color;   // the value's name (the panel's x axis), the bars' colour
  std::vector<double> edges;  // increasing, counts.size() + 1 of them
  std::vector<double> counts;
};

// `bins` equal bins over [lo, hi]; values outside it and non-finite ones are
// left out, `hi` itself falls in the last bin.
Histogram histogram(const std::string& label, const std::string& color,
                    const std::vector<double>& values, int bins, double lo, double hi);

// The scatter plot with its legend, and `margins` stacked in a column at its
// right (the marginal distributions of a data map).
std::string scatter_svg(const std::string& title, const std::string& x_label,
                        const std::string& y_label, const std::vector<ScatterGroup>& groups,
                        const std::vector<Region>& regions = {},
                        const std::vector<Histogram>& margins = {});

// `s` with &, <, > and " escaped for SVG text and attributes.
std::string svg_escape(const std::string& s);

// Tick positions covering [lo, hi] at a 1/2/5 x 10^k step, about `count` of them.
std::vector<double> nice_ticks(double lo, double hi, int count = 5);

// Labelled ticks of a log axis over [lo, hi] (0 < lo < hi): the powers of
// ten inside it; when fewer than three, 1, 2 and 5 times them; when still
// fewer, 1 to 9 times them; when still fewer than two, nice_ticks.
std::vector<double> log_ticks(double lo, double hi);

// Whether YScale::Auto draws `values` on a log axis.
bool wants_log_scale(const std::vector<double>& values);

}  // namespace mcplm
