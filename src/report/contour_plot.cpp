#include "mcplm/report/contour_plot.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "svg_parts.h"

namespace mcplm {

using namespace svg;

std::string viridis(double t) {
  // matplotlib's viridis at 0, 0.25, 0.5, 0.75, 1.
  static const std::array<std::array<double, 3>, 5> stops{{{68, 1, 84},
                                                           {59, 82, 139},
                                                           {33, 145, 140},
                                                           {94, 201, 98},
                                                           {253, 231, 37}}};
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * 4;
  const int k = std::min(3, static_cast<int>(t));
  const double f = t - k;
  std::array<int, 3> rgb{};
  for (int c = 0; c < 3; ++c)
    rgb[c] = static_cast<int>(std::lround(stops[k][c] + f * (stops[k + 1][c] - stops[k][c])));
  return fmt::format("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
}

std::vector<std::vector<double>> iso_segments(const std::vector<double>& xs,
                                              const std::vector<double>& ys,
                                              const std::vector<double>& values, double level) {
  std::vector<std::vector<double>> segments;
  const std::size_t nx = xs.size();
  auto at = [&](std::size_t i, std::size_t j) { return values[j * nx + i]; };
  for (std::size_t j = 0; j + 1 < ys.size(); ++j) {
    for (std::size_t i = 0; i + 1 < nx; ++i) {
      // Corners counter-clockwise from (i, j); edges between consecutive ones.
      const std::array<double, 4> cx{xs[i], xs[i + 1], xs[i + 1], xs[i]};
      const std::array<double, 4> cy{ys[j], ys[j], ys[j + 1], ys[j + 1]};
      const std::array<double, 4> v{at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)};
      if (!std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); })) continue;
      std::vector<double> crossings;  // x, y pairs where an edge crosses the level
      for (int e = 0; e < 4; ++e) {
        const int f = (e + 1) % 4;
        if ((v[e] < level) == (v[f] < level)) continue;
        const double t = (level - v[e]) / (v[f] - v[e]);
        crossings.push_back(cx[e] + t * (cx[f] - cx[e]));
        crossings.push_back(cy[e] + t * (cy[f] - cy[e]));
      }
      // Two crossings: one segment; four (a saddle): two, pairing neighbours.
      for (std::size_t k = 0; k + 3 < crossings.size(); k += 4)
        segments.push_back({crossings[k], crossings[k + 1], crossings[k + 2], crossings[k + 3]});
    }
  }
  return segments;
}

namespace {

// Where a grid point's cell starts and ends along one axis (half-way to its
// neighbours; a single value gets a unit cell).
std::array<double, 2> cell_span(const std::vector<double>& axis, std::size_t i) {
  if (axis.size() == 1) return {axis[0] - 0.5, axis[0] + 0.5};
  const double lo = i == 0 ? axis[0] - (axis[1] - axis[0]) / 2 : (axis[i - 1] + axis[i]) / 2;
  const double hi = i + 1 == axis.size() ? axis[i] + (axis[i] - axis[i - 1]) / 2
                                         : (axis[i] + axis[i + 1]) / 2;
  return {lo, hi};
}

void draw_panel(std::string& out, const Frame& f, const std::vector<double>& xs,
                const std::vector<double>& ys, const ContourPanel& panel,
                const std::vector<MapMarker>& markers, const std::vector<MapPath>& paths) {
  Range values;
  for (double v : panel.values) values.add(v);
  const double lo = values.lo, hi = values.hi > values.lo ? values.hi : values.lo + 1;
  auto shade = [&](double v) { return (v - lo) / (hi - lo); };
  out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#ccc" stroke="#333"/>)"
                     "\n",
                     f.left, f.top, f.w, f.h);
  for (std::size_t j = 0; j < ys.size(); ++j) {
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const double v = panel.values[j * xs.size() + i];
      if (!std::isfinite(v)) continue;
      const auto sx = cell_span(xs, i), sy = cell_span(ys, j);
      const double x0 = f.px(sx[0]), x1 = f.px(sx[1]), y0 = f.py(sy[1]), y1 = f.py(sy[0]);
      out += fmt::format(
          R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>)"
          "\n",
          x0, y0, x1 - x0 + 0.5, y1 - y0 + 0.5, viridis(shade(v)));
    }
  }
  // Iso-lines at the colour bar's ticks strictly inside the range.
  const std::vector<double> levels = nice_ticks(lo, hi, 8);
  for (double level : levels) {
    if (level <= lo || level >= hi) continue;
    for (const auto& s : iso_segments(xs, ys, panel.values, level))
      out += fmt::format(
          R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="white" stroke-opacity="0.7" stroke-width="1"/>)"
          "\n",
          f.px(s[0]), f.py(s[1]), f.px(s[2]), f.py(s[3]));
  }
  for (const auto& path : paths) {
    std::string points;
    for (std::size_t k = 0; k < path.x.size() && k < path.y.size(); ++k)
      points += fmt::format("{:.1f},{:.1f} ", f.px(path.x[k]), f.py(path.y[k]));
    out += fmt::format(
        R"(<polyline points="{}" fill="none" stroke="white" stroke-width="2.5"{}><title>{}</title></polyline>)"
        "\n",
        points, path.dashed ? R"( stroke-dasharray="7,4")" : "", escape(path.label));
  }
  for (const auto& m : markers) {
    const double x = f.px(m.x), y = f.py(m.y);
    out += fmt::format(
        R"(<circle cx="{0:.1f}" cy="{1:.1f}" r="5" fill="white" stroke="black" stroke-width="1.5"/>)"
        R"(<text x="{2:.1f}" y="{3:.1f}" fill="white" stroke="black" stroke-width="3" paint-order="stroke" font-weight="bold">{4}</text>)"
        "\n",
        x, y, x + 8, y - 8, escape(m.label));
  }
  // The colour bar, right of the map.
  const double bar_x = f.left + f.w + 14, bar_w = 14;
  const int steps = 64;
  for (int k = 0; k < steps; ++k) {
    const double y0 = f.top + f.h * (steps - 1 - k) / steps;
    out += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{}" height="{:.2f}" fill="{}"/>)"
                       "\n",
                       bar_x, y0, bar_w, f.h / steps + 0.5, viridis((k + 0.5) / steps));
  }
  out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#333"/>)"
                     "\n",
                     bar_x, f.top, bar_w, f.h);
  for (double t : levels) {
    if (t < lo || t > hi) continue;
    const double y = f.top + f.h - shade(t) * f.h;
    out += fmt::format(R"(<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" stroke="#333"/>)"
                       R"(<text x="{3}" y="{4:.1f}">{5}</text>)"
                       "\n",
                       bar_x + bar_w, y, bar_x + bar_w + 4, bar_x + bar_w + 7, y + 4,
                       tick_label(t));
  }
  out += fmt::format(
      R"~(<text transform="translate({:.1f},{:.1f}) rotate(90)" text-anchor="middle">{}</text>)~"
      "\n",
      bar_x + bar_w + 62, f.top + f.h / 2, escape(panel.value_label));
}

}  // namespace

std::string contour_svg(const std::string& title, const std::string& x_label,
                        const std::string& y_label, const std::vector<double>& xs,
                        const std::vector<double>& ys, const std::vector<ContourPanel>& panels,
                        const std::vector<MapMarker>& markers, const std::vector<MapPath>& paths,
                        const std::vector<std::string>& caption) {
  const double map_w = 400, margin_left = 70, bar_room = 110, top = 60;
  const auto span_x = cell_span(xs, 0)[0], span_x1 = cell_span(xs, xs.size() - 1)[1];
  const auto span_y = cell_span(ys, 0)[0], span_y1 = cell_span(ys, ys.size() - 1)[1];
  // Equal scales on both axes: the plane's coordinates are both parameter-norm units.
  const double aspect = (span_y1 - span_y) / (span_x1 - span_x);
  const double map_h = std::clamp(map_w * aspect, 120.0, 520.0);
  const double panel_w = margin_left + map_w + bar_room;
  const double width = panel_w * static_cast<double>(panels.size()) + 20;
  const double height = top + map_h + 70 + 16.0 * static_cast<double>(caption.size());
  std::string out = svg_open(width, height);
  out += fmt::format(R"(<text x="{}" y="24" text-anchor="middle" font-size="16">{}</text>)"
                     "\n",
                     width / 2, escape(title));
  double left = margin_left;
  for (const auto& panel : panels) {
    Frame f{left, top, map_w, map_h, Range{span_x, span_x1}, Range{span_y, span_y1}};
    draw_axes(out, f, panel.title, x_label, y_label);
    draw_panel(out, f, xs, ys, panel, markers, paths);
    left += panel_w;
  }
  double y = top + map_h + 64;
  for (const auto& line : caption) {
    out += fmt::format(R"(<text x="{}" y="{:.1f}">{}</text>)"
                       "\n",
                       margin_left, y, escape(line));
    y += 16;
  }
  return out + "</svg>\n";
}

}  // namespace mcplm
