#include "mcplm/report/bar_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "mcplm/report/svg_plot.h"

namespace mcplm {

std::string sectioned_bar_svg(const BarChartStyle& style, const std::vector<BarSection>& sections) {
  std::size_t bars = 0;
  for (const auto& s : sections) bars += s.values.size();
  const double left = 70, top = 70, plot_h = 300, gap = 6;
  const double bar_w = std::clamp(900.0 / std::max<std::size_t>(1, bars), 3.0, 24.0);
  const double plot_w =
      bar_w * static_cast<double>(bars) + gap * static_cast<double>(sections.size() + 1);
  const double width = left + std::max(plot_w, 420.0) + 40, height = top + plot_h + 170;
  auto py = [&](double v) {
    v = std::clamp(v, style.y_lo, style.y_hi);
    return top + plot_h - (v - style.y_lo) / (style.y_hi - style.y_lo) * plot_h;
  };

  std::string out =
      fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0:.0f}" height="{1:.0f}" )"
                  R"(viewBox="0 0 {0:.0f} {1:.0f}" font-family="sans-serif" font-size="12">)"
                  "\n"
                  R"(<rect width="100%" height="100%" fill="#fafafa"/>)"
                  "\n"
                  R"(<text x="{2:.1f}" y="24" text-anchor="middle" font-size="16">{3}</text>)"
                  "\n"
                  R"(<text x="{2:.1f}" y="44" text-anchor="middle" fill="#555">{4}</text>)"
                  "\n",
                  width, height, width / 2, svg_escape(style.title), svg_escape(style.subtitle));
  out +=
      fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="white" stroke="#333"/>)"
                  "\n",
                  left, top, plot_w, plot_h);
  for (double t : nice_ticks(style.y_lo, style.y_hi, 5))
    out += fmt::format(R"(<line x1="{1}" y1="{0:.1f}" x2="{2:.1f}" y2="{0:.1f}" stroke="#eee"/>)"
                       R"(<text x="{3}" y="{4:.1f}" text-anchor="end">{5:.4g}</text>)"
                       "\n",
                       py(t), left, left + plot_w, left - 6, py(t) + 4, t);
  out += fmt::format(
      R"~(<text transform="translate({},{:.1f}) rotate(-90)" text-anchor="middle">{}</text>)~"
      "\n",
      left - 44, top + plot_h / 2, svg_escape(style.y_label));

  // Sections: shaded alternately, labelled below; parts bracketed below them.
  double x = left + gap;
  const double base = py(style.reference);
  double part_x0 = x;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    const BarSection& section = sections[s];
    const double section_w = bar_w * static_cast<double>(section.values.size());
    if (s % 2 == 1)
      out += fmt::format(R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="#f0f0f0"/>)"
                         "\n",
                         x - gap / 2, top, section_w + gap, plot_h);
    for (std::size_t b = 0; b < section.values.size(); ++b) {
      const double v = section.values[b];
      if (!std::isfinite(v)) continue;
      const double y = py(v);
      const bool above = v >= style.reference;
      out += fmt::format(R"(<rect x="{:.2f}" y="{:.2f}" width="{:.2f}" height="{:.2f}" fill="{}">)"
                         R"(<title>{} {:.4f}</title></rect>)"
                         "\n",
                         x + static_cast<double>(b) * bar_w + bar_w * 0.1, std::min(y, base),
                         bar_w * 0.8, std::max(std::fabs(base - y), 0.5),
                         above ? style.above_color : style.below_color,
                         svg_escape(b < section.bars.size() ? section.bars[b] : section.label), v);
    }
    const double label_x = x + section_w / 2;
    out += fmt::format(
        R"~(<text transform="translate({:.1f},{:.1f}) rotate(-60)" text-anchor="end">{}</text>)~"
        "\n",
        label_x + 4, top + plot_h + 12, svg_escape(section.label));
    x += section_w + gap;
    const bool part_ends = s + 1 == sections.size() || sections[s + 1].part != section.part;
    if (part_ends) {
      if (!section.part.empty()) {
        const double y = top + plot_h + 100;
        out += fmt::format(
            R"(<path d="M{0:.1f},{1:.1f} v6 H{2:.1f} v-6" fill="none" stroke="#555"/>)"
            R"(<text x="{3:.1f}" y="{4:.1f}" text-anchor="middle">{5}</text>)"
            "\n",
            part_x0, y, x - gap, (part_x0 + x - gap) / 2, y + 22, svg_escape(section.part));
      }
      part_x0 = x;
    }
  }
  out += fmt::format(
      R"(<line x1="{0}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}" stroke="#333" stroke-dasharray="5,4"/>)"
      "\n",
      left, base, left + plot_w);
  const double legend_y = height - 16;
  out += fmt::format(
      R"(<rect x="{0}" y="{1}" width="14" height="10" fill="{2}"/><text x="{3}" y="{4}">{5}</text>)"
      R"(<rect x="{6}" y="{1}" width="14" height="10" fill="{7}"/><text x="{8}" y="{4}">{9}</text>)"
      "\n",
      left, legend_y - 9, style.above_color, left + 20, legend_y, svg_escape(style.above_label),
      left + 220, style.below_color, left + 240, svg_escape(style.below_label));
  return out + "</svg>\n";
}

}  // namespace mcplm
