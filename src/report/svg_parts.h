// Pieces the SVG charts of report/ share: escaping, data-to-pixel frames,
// axes with ticks, the document's opening. Internal to report/.
#pragma once
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "mcplm/report/svg_plot.h"

namespace mcplm::svg {

inline std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

inline std::string tick_label(double v) { return fmt::format("{:.4g}", v); }

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  // A non-empty range with a little margin.
  Range padded() const {
    if (!(hi >= lo)) return {0, 1};
    double span = hi - lo, pad = span > 0 ? span * 0.05 : std::max(std::fabs(hi) * 0.05, 0.5);
    return {lo - pad, hi + pad};
  }
};

// A plotting area at (left, top) of size (w, h) mapping data ranges to pixels.
struct Frame {
  double left, top, w, h;
  Range xr, yr;
  double px(double x) const { return left + (x - xr.lo) / (xr.hi - xr.lo) * w; }
  double py(double y) const { return top + h - (y - yr.lo) / (yr.hi - yr.lo) * h; }
};

inline void draw_axes(std::string& out, const Frame& f, const std::string& title,
               const std::string& x_label, const std::string& y_label) {
  out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="white" stroke="#333"/>)"
                     "\n",
                     f.left, f.top, f.w, f.h);
  for (double t : nice_ticks(f.xr.lo, f.xr.hi, 5)) {
    double x = f.px(t);
    out += fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#ddd"/>)"
                       R"(<text x="{0:.1f}" y="{3}" text-anchor="middle">{4}</text>)"
                       "\n",
                       x, f.top, f.top + f.h, f.top + f.h + 16, tick_label(t));
  }
  for (double t : nice_ticks(f.yr.lo, f.yr.hi, 5)) {
    double y = f.py(t);
    out += fmt::format(R"(<line x1="{1}" y1="{0:.1f}" x2="{2}" y2="{0:.1f}" stroke="#ddd"/>)"
                       R"(<text x="{3}" y="{4:.1f}" text-anchor="end">{5}</text>)"
                       "\n",
                       y, f.left, f.left + f.w, f.left - 6, y + 4, tick_label(t));
  }
  out += fmt::format(
      R"(<text x="{:.1f}" y="{}" text-anchor="middle" font-weight="bold">{}</text>)"
      "\n"
      R"(<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>)"
      "\n"
      R"~(<text transform="translate({},{:.1f}) rotate(-90)" text-anchor="middle">{}</text>)~"
      "\n",
      f.left + f.w / 2, f.top - 10, escape(title), f.left + f.w / 2, f.top + f.h + 36,
      escape(x_label), f.left - 48, f.top + f.h / 2, escape(y_label));
}

inline std::string svg_open(double width, double height) {
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" )"
      R"(font-family="sans-serif" font-size="12">)"
      "\n"
      R"(<rect width="100%" height="100%" fill="#fafafa"/>)"
      "\n",
      width, height);
}


}  // namespace mcplm::svg
