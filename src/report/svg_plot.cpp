#include "mcplm/report/svg_plot.h"

#include "svg_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

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

using namespace svg;

std::string svg_escape(const std::string& s) { return escape(s); }

std::string line_chart_svg(const std::string& title, const std::vector<Panel>& panels) {
  const double panel_w = 420, panel_h = 300, margin_left = 70, gap = 40, top = 60;
  const double width = margin_left + panels.size() * (panel_w + gap + margin_left - 40);
  const double height = top + panel_h + 110;
  std::string out = svg_open(width, height);
  out += fmt::format(R"(<text x="{}" y="24" text-anchor="middle" font-size="16">{}</text>)"
                     "\n",
                     width / 2, svg_escape(title));
  double left = margin_left;
  for (const auto& panel : panels) {
    Range xr, yr;
    for (const auto& s : panel.series)
      for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
        if (std::isfinite(s.y[i])) xr.add(s.x[i]), yr.add(s.y[i]);
    Frame f{left, top, panel_w, panel_h, xr.padded(), yr.padded()};
    draw_axes(out, f, panel.title, panel.x_label, panel.y_label);
    double legend_y = top + panel_h + 56;
    double legend_x = left;
    for (const auto& s : panel.series) {
      std::string points;
      for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
        if (!std::isfinite(s.y[i])) continue;
        points += fmt::format("{:.1f},{:.1f} ", f.px(s.x[i]), f.py(s.y[i]));
        out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2.5" fill="{}"/>)"
                           "\n",
                           f.px(s.x[i]), f.py(s.y[i]), s.color);
      }
      out += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>)"
                         "\n",
                         points, s.color, s.dashed ? R"( stroke-dasharray="6,4")" : "");
      out += fmt::format(
          R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}" stroke-width="2"{4}/>)"
          R"(<text x="{5}" y="{6}">{7}</text>)"
          "\n",
          legend_x, legend_y, legend_x + 20, s.color, s.dashed ? R"( stroke-dasharray="6,4")" : "",
          legend_x + 26, legend_y + 4, svg_escape(s.label));
      legend_x += 40 + 7.0 * static_cast<double>(s.label.size());
    }
    left += panel_w + gap + margin_left - 40;
  }
  return out + "</svg>\n";
}

std::string scatter_svg(const std::string& title, const std::string& x_label,
                        const std::string& y_label, const std::vector<ScatterGroup>& groups,
                        const std::vector<Region>& regions) {
  const double left = 70, top = 60, w = 520, h = 420;
  std::string out = svg_open(left + w + 180, top + h + 70);
  out += fmt::format(R"(<text x="{}" y="24" text-anchor="middle" font-size="16">{}</text>)"
                     "\n",
                     left + w / 2, svg_escape(title));
  Range xr, yr;
  for (const auto& g : groups)
    for (std::size_t i = 0; i < g.x.size() && i < g.y.size(); ++i) xr.add(g.x[i]), yr.add(g.y[i]);
  for (const auto& r : regions) xr.add(r.x0), xr.add(r.x1), yr.add(r.y0), yr.add(r.y1);
  Frame f{left, top, w, h, xr.padded(), yr.padded()};
  draw_axes(out, f, "", x_label, y_label);
  for (const auto& r : regions) {
    double x0 = f.px(r.x0), x1 = f.px(r.x1), y0 = f.py(r.y1), y1 = f.py(r.y0);
    out += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" fill-opacity="0.12" stroke="{}" stroke-dasharray="4,3"/>)"
        R"(<text x="{:.1f}" y="{:.1f}" fill="{}" font-weight="bold">{}</text>)"
        "\n",
        x0, y0, x1 - x0, y1 - y0, r.color, r.color, x0 + 4, y0 + 14, r.color, svg_escape(r.label));
  }
  double legend_y = top + 10;
  for (const auto& g : groups) {
    for (std::size_t i = 0; i < g.x.size() && i < g.y.size(); ++i)
      if (std::isfinite(g.x[i]) && std::isfinite(g.y[i]))
        out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2" fill="{}" fill-opacity="0.6"/>)"
                           "\n",
                           f.px(g.x[i]), f.py(g.y[i]), g.color);
    out += fmt::format(R"(<circle cx="{}" cy="{}" r="5" fill="{}"/><text x="{}" y="{}">{}</text>)"
                       "\n",
                       left + w + 20, legend_y, g.color, left + w + 32, legend_y + 4,
                       svg_escape(g.label));
    legend_y += 20;
  }
  return out + "</svg>\n";
}

}  // namespace mcplm
