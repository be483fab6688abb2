#include "mcplm/report/svg_plot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "svg_parts.h"

namespace mcplm {

std::vector<double> nice_ticks(double lo, double hi, int count) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / std::max(1, count);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

namespace {

// m x 10^k for each mantissa m and every decade k reaching [lo, hi], those inside it.
std::vector<double> decade_multiples(double lo, double hi, const std::vector<int>& mantissas) {
  std::vector<double> ticks;
  const int first = static_cast<int>(std::floor(std::log10(lo)));
  const int last = static_cast<int>(std::ceil(std::log10(hi)));
  for (int k = first; k <= last; ++k)
    for (int m : mantissas) {
      // m * 10^k as a decimal literal would print: pow(10, -2) * 3 is 0.030000000000000002.
      const double t = k < 0 ? m / std::pow(10.0, -k) : m * std::pow(10.0, k);
      if (t >= lo * (1 - 1e-12) && t <= hi * (1 + 1e-12)) ticks.push_back(t);
    }
  return ticks;
}

}  // namespace

std::vector<double> log_ticks(double lo, double hi) {
  if (!(lo > 0) || !(hi > lo)) return nice_ticks(lo, hi);
  for (const auto& mantissas : {std::vector<int>{1}, std::vector<int>{1, 2, 5},
                                std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9}}) {
    auto ticks = decade_multiples(lo, hi, mantissas);
    if (ticks.size() >= (mantissas.size() == 9 ? 2u : 3u)) return ticks;
  }
  return nice_ticks(lo, hi);
}

bool wants_log_scale(const std::vector<double>& values) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    if (v <= 0) return false;
    lo = std::min(lo, v), hi = std::max(hi, v);
  }
  return hi > 0 && hi / lo > 100;
}

using namespace svg;

std::string svg_escape(const std::string& s) { return escape(s); }

namespace {

constexpr double kPanelW = 420, kPanelH = 300, kMarginLeft = 70, kPanelStep = 490, kTop = 60;
constexpr double kLegendRow = 18;
// At 11 px, an end's name this long leaves the axis label between the two.
constexpr std::size_t kEndChars = 30;

// One legend entry: a line sample (solid, dashed or dotted) and its text.
struct LegendEntry {
  std::string label, color, dash;
  double width() const { return 40 + 7.0 * static_cast<double>(label.size()); }
};

std::vector<LegendEntry> legend_entries(const Panel& panel) {
  std::vector<LegendEntry> entries;
  for (const auto& s : panel.series) entries.push_back({s.label, s.color, s.dashed ? "6,4" : ""});
  if (!panel.barriers.empty()) entries.push_back({"ends' chord, barrier", "#777", "2,3"});
  return entries;
}

// The rows `entries` fill within a panel's width.
int legend_rows(const std::vector<LegendEntry>& entries) {
  int rows = 1;
  double x = 0;
  for (const auto& e : entries) {
    if (x > 0 && x + e.width() > kPanelW) ++rows, x = 0;
    x += e.width();
  }
  return rows;
}

std::string dash_attribute(const std::string& dash) {
  return dash.empty() ? "" : fmt::format(R"( stroke-dasharray="{}")", dash);
}

void draw_legend(std::string& out, const std::vector<LegendEntry>& entries, double left,
                 double top) {
  double x = left, y = top;
  for (const auto& e : entries) {
    if (x > left && x + e.width() > left + kPanelW) x = left, y += kLegendRow;
    out += fmt::format(
        R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}" stroke-width="2"{4}/>)"
        R"(<text x="{5}" y="{6}">{7}</text>)"
        "\n",
        x, y, x + 20, e.color, dash_attribute(e.dash), x + 26, y + 4, escape(e.label));
    x += e.width();
  }
}

// An end's name on at most two lines: broken after a comma when too long
// for one ("θ1: glue-mnli, seed 20," / "update 10000"), else cut.
std::vector<std::string> end_lines(const std::string& name) {
  if (utf8_length(name) <= kEndChars) return {name};
  for (auto at = name.rfind(", "); at != std::string::npos && at > 0; at = name.rfind(", ", at - 1))
    if (utf8_length(name.substr(0, at + 1)) <= kEndChars)
      return {name.substr(0, at + 1), keep_tail(name.substr(at + 2), kEndChars)};
  return {keep_tail(name, kEndChars)};
}

// An end's name under the x axis, from its left end (else up to its right end).
void draw_end_name(std::string& out, double x, const std::string& name, bool at_right) {
  double y = kTop + kPanelH + 36;
  for (const auto& line : end_lines(name)) {
    out += fmt::format(R"(<text x="{}" y="{}" font-size="11" fill="#444"{}>{}</text>)"
                       "\n",
                       x, y, at_right ? R"( text-anchor="end")" : "", escape(line));
    y += 13;
  }
}

Ticks y_ticks(const Frame& f) {
  if (!f.log_y) return {nice_ticks(f.yr.lo, f.yr.hi, 8), {}};
  Ticks ticks{log_ticks(f.yr.lo, f.yr.hi), {}};
  // Labelled decades alone: the multiples between them as gridlines, as matplotlib draws them.
  if (decade_multiples(f.yr.lo, f.yr.hi, {1}) == ticks.labelled)
    ticks.minor = decade_multiples(f.yr.lo, f.yr.hi, {2, 3, 4, 5, 6, 7, 8, 9});
  return ticks;
}

// A barrier's height, written beside its segment.
struct BarrierLabel {
  double x, y;
  bool leftwards;  // ends at x (the segment in the right half) rather than starting there
  std::string text, color;
  double left() const { return leftwards ? x - width() : x; }
  double right() const { return leftwards ? x : x + width(); }
  double width() const { return 6.2 * static_cast<double>(text.size()); }
};

// Draws the chord, the segment and a ring where it meets the path; returns
// its label, to be placed once every barrier of the panel is drawn.
std::optional<BarrierLabel> draw_barrier(std::string& out, const Frame& f, const BarrierMark& b) {
  auto chord = [&](double x) { return b.y0 + (b.y1 - b.y0) * (x - b.x0) / (b.x1 - b.x0); };
  if (!f.shows(b.x, b.y) || !f.shows(b.x, chord(b.x))) return std::nullopt;
  // Sampled: on a log axis the chord is a curve.
  std::string points;
  for (int k = 0; k <= 32; ++k) {
    const double x = b.x0 + (b.x1 - b.x0) * k / 32.0;
    if (f.shows(x, chord(x))) points += fmt::format("{:.1f},{:.1f} ", f.px(x), f.py(chord(x)));
  }
  const double x = f.px(b.x), from = f.py(chord(b.x)), to = f.py(b.y);
  out += fmt::format(
      R"(<polyline points="{0}" fill="none" stroke="{1}" stroke-width="1.2" stroke-dasharray="2,3"/>)"
      "\n"
      R"(<line x1="{2:.1f}" y1="{3:.1f}" x2="{2:.1f}" y2="{4:.1f}" stroke="{1}" stroke-width="2"/>)"
      R"(<circle cx="{2:.1f}" cy="{4:.1f}" r="4" fill="none" stroke="{1}" stroke-width="1.5"/>)"
      "\n",
      points, b.color, x, from, to);
  const bool right_half = b.x > (f.xr.lo + f.xr.hi) / 2;
  return BarrierLabel{x + (right_half ? -7 : 7), (from + to) / 2 + 4, right_half, b.label, b.color};
}

// Writes `labels` over the lines, each moved down a line while it would
// overlap one written before it (barriers of dev and test often share an x).
void place_barrier_labels(std::string& out, std::vector<BarrierLabel> labels) {
  constexpr double kLine = 13;
  std::vector<BarrierLabel> placed;
  for (BarrierLabel& l : labels) {
    for (bool moved = true; moved;) {
      moved = false;
      for (const auto& p : placed)
        if (l.left() < p.right() && p.left() < l.right() && std::fabs(l.y - p.y) < kLine) {
          l.y = p.y + kLine;
          moved = true;
        }
    }
    out += halo_text(l.x, l.y, l.color,
                     l.leftwards ? R"( text-anchor="end" font-size="11")" : R"( font-size="11")",
                     l.text) +
           "\n";
    placed.push_back(l);
  }
}

void draw_series(std::string& out, const Frame& f, const Series& s) {
  std::string points;
  for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
    if (!f.shows(s.x[i], s.y[i])) continue;
    points += fmt::format("{:.1f},{:.1f} ", f.px(s.x[i]), f.py(s.y[i]));
    out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2.5" fill="{}"/>)"
                       "\n",
                       f.px(s.x[i]), f.py(s.y[i]), s.color);
  }
  out += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>)"
                     "\n",
                     points, s.color, dash_attribute(s.dashed ? "6,4" : ""));
}

}  // namespace

std::string line_chart_svg(const std::string& title, const std::vector<Panel>& panels,
                           const AxisEnds& ends) {
  int rows = 1;
  for (const auto& panel : panels) rows = std::max(rows, legend_rows(legend_entries(panel)));
  const double width = kMarginLeft + static_cast<double>(panels.size()) * kPanelStep;
  const double height = kTop + kPanelH + 118 + kLegendRow * (rows - 1);
  std::string out = svg_open(width, height);
  out += fmt::format(R"(<text x="{}" y="24" text-anchor="middle" font-size="16">{}</text>)"
                     "\n",
                     width / 2, svg_escape(title));
  double left = kMarginLeft;
  for (const auto& panel : panels) {
    std::vector<double> ys;
    for (const auto& s : panel.series) ys.insert(ys.end(), s.y.begin(), s.y.end());
    const bool log_y =
        panel.y_scale == YScale::Log || (panel.y_scale == YScale::Auto && wants_log_scale(ys));
    Range xr, yr;
    for (const auto& s : panel.series)
      for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
        if (std::isfinite(s.y[i]) && (!log_y || s.y[i] > 0)) xr.add(s.x[i]), yr.add(s.y[i]);
    for (double t : panel.x_ticks) xr.add(t);
    Frame f{left, kTop, kPanelW, kPanelH, xr.padded(), log_y ? yr.log_padded() : yr.padded(),
            log_y};
    std::vector<double> x_ticks = panel.x_ticks;
    if (x_ticks.empty()) x_ticks = nice_ticks(f.xr.lo, f.xr.hi, 5);
    draw_axes(out, f, panel.title, panel.x_label,
              log_y ? panel.y_label + " (log scale)" : panel.y_label, x_ticks, y_ticks(f));
    if (!ends.left.empty()) draw_end_name(out, left, ends.left, false);
    if (!ends.right.empty()) draw_end_name(out, left + kPanelW, ends.right, true);
    for (const auto& s : panel.series) draw_series(out, f, s);
    std::vector<BarrierLabel> labels;
    for (const auto& b : panel.barriers)
      if (auto label = draw_barrier(out, f, b)) labels.push_back(*label);
    place_barrier_labels(out, labels);
    draw_legend(out, legend_entries(panel), left, kTop + kPanelH + 64);
    left += kPanelStep;
  }
  return out + "</svg>\n";
}

}  // namespace mcplm
