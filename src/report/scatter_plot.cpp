// The scatter plot of svg_plot.h (data maps) and its marginal histograms.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "mcplm/report/svg_plot.h"
#include "svg_parts.h"

namespace mcplm {

using namespace svg;

Histogram histogram(const std::string& label, const std::string& color,
                    const std::vector<double>& values, int bins, double lo, double hi) {
  Histogram h{label, color, {}, std::vector<double>(static_cast<std::size_t>(bins), 0.0)};
  for (int i = 0; i <= bins; ++i) h.edges.push_back(lo + (hi - lo) * i / bins);
  for (double v : values) {
    if (!std::isfinite(v) || v < lo || v > hi) continue;
    const int bin = std::min(bins - 1, static_cast<int>((v - lo) / (hi - lo) * bins));
    h.counts[static_cast<std::size_t>(bin)] += 1;
  }
  return h;
}

namespace {

void draw_histogram(std::string& out, const Frame& f, const Histogram& h) {
  draw_axes(out, f, "", h.label, "count", nice_ticks(f.xr.lo, f.xr.hi, 4),
            {nice_ticks(f.yr.lo, f.yr.hi, 3), {}});
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    if (h.counts[i] <= 0) continue;
    const double x0 = f.px(h.edges[i]), x1 = f.px(h.edges[i + 1]), y = f.py(h.counts[i]);
    out += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" stroke="white" stroke-width="0.5"/>)"
        "\n",
        x0, y, x1 - x0, f.py(0) - y, h.color);
  }
}

}  // namespace

std::string scatter_svg(const std::string& title, const std::string& x_label,
                        const std::string& y_label, const std::vector<ScatterGroup>& groups,
                        const std::vector<Region>& regions, const std::vector<Histogram>& margins) {
  const double left = 70, top = 60, w = 520, h = 420, legend_w = 180;
  // The histograms: a column right of the legend, each with room for its axis labels.
  const double margin_left = left + w + legend_w, margin_w = 220, margin_gap = 50;
  const double width = margins.empty() ? left + w + legend_w : margin_left + margin_w + 30;
  std::string out = svg_open(width, top + h + 70);
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
        "\n",
        x0, y0, x1 - x0, y1 - y0, r.color, r.color);
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
  // The regions' names last, over the points, each outlined in white to stay readable.
  for (const auto& r : regions)
    out += halo_text(f.px(r.x0) + 4, f.py(r.y1) + 14, r.color, R"( font-weight="bold")", r.label) +
           "\n";
  const double margin_h =
      (h - margin_gap * static_cast<double>(margins.size() - (margins.empty() ? 0 : 1))) /
      static_cast<double>(std::max<std::size_t>(1, margins.size()));
  double margin_top = top;
  for (const auto& m : margins) {
    Range counts{0, 0};
    for (double c : m.counts) counts.add(c);
    Frame hf{margin_left,
             margin_top,
             margin_w,
             margin_h,
             Range{m.edges.front(), m.edges.back()},
             Range{0, counts.hi > 0 ? counts.hi * 1.1 : 1}};
    draw_histogram(out, hf, m);
    margin_top += margin_h + margin_gap;
  }
  return out + "</svg>\n";
}

}  // namespace mcplm
