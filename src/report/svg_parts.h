// Pieces the SVG charts of report/ share: escaping, data-to-pixel frames,
// axes with ticks, the document's opening. Internal to report/.
#pragma once
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

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

// The characters (UTF-8 code points) of `s`.
inline std::size_t utf8_length(const std::string& s) {
  std::size_t chars = 0;
  for (char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars;
}

// `s` cut to its last `max_chars` characters behind "…" when longer, so that
// a long file name keeps the part that tells it apart.
inline std::string keep_tail(const std::string& s, std::size_t max_chars) {
  const std::size_t chars = utf8_length(s);
  if (chars <= max_chars) return s;
  std::size_t skip = chars - max_chars, at = 0;
  while (skip > 0 || (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80)) {
    if ((static_cast<unsigned char>(s[at]) & 0xC0) != 0x80) --skip;
    ++at;
  }
  return "…" + s.substr(at);
}

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
  // The same for positive values on a log axis: the margin is a ratio.
  Range log_padded() const {
    if (!(hi >= lo) || !(lo > 0)) return {0.1, 10};
    const double span = std::log10(hi / lo), pad = span > 0 ? span * 0.05 : 0.1;
    return {lo / std::pow(10.0, pad), hi * std::pow(10.0, pad)};
  }
};

// A plotting area at (left, top) of size (w, h) mapping data ranges to
// pixels; with `log_y`, y by its logarithm (positive values only).
struct Frame {
  double left, top, w, h;
  Range xr, yr;
  bool log_y = false;
  double px(double x) const { return left + (x - xr.lo) / (xr.hi - xr.lo) * w; }
  double py(double y) const {
    if (log_y) return top + h - std::log10(y / yr.lo) / std::log10(yr.hi / yr.lo) * h;
    return top + h - (y - yr.lo) / (yr.hi - yr.lo) * h;
  }
  // Whether (x, y) can be drawn: finite, and positive on a log axis.
  bool shows(double x, double y) const {
    return std::isfinite(x) && std::isfinite(y) && (!log_y || y > 0);
  }
};

// Where an axis is labelled, and where it only has gridlines (a log axis's
// 2, 3, ... 9 between labelled decades).
struct Ticks {
  std::vector<double> labelled, minor;
};

inline void draw_axes(std::string& out, const Frame& f, const std::string& title,
                      const std::string& x_label, const std::string& y_label,
                      const std::vector<double>& x_ticks, const Ticks& y_ticks) {
  out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="white" stroke="#333"/>)"
                     "\n",
                     f.left, f.top, f.w, f.h);
  for (double t : x_ticks) {
    double x = f.px(t);
    out += fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#ddd"/>)"
                       R"(<text x="{0:.1f}" y="{3}" text-anchor="middle">{4}</text>)"
                       "\n",
                       x, f.top, f.top + f.h, f.top + f.h + 16, tick_label(t));
  }
  for (double t : y_ticks.minor)
    out += fmt::format(R"(<line x1="{1}" y1="{0:.1f}" x2="{2}" y2="{0:.1f}" stroke="#f0f0f0"/>)"
                       "\n",
                       f.py(t), f.left, f.left + f.w);
  for (double t : y_ticks.labelled) {
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

// Axes with about five round ticks on each.
inline void draw_axes(std::string& out, const Frame& f, const std::string& title,
                      const std::string& x_label, const std::string& y_label) {
  draw_axes(out, f, title, x_label, y_label, nice_ticks(f.xr.lo, f.xr.hi, 5),
            {nice_ticks(f.yr.lo, f.yr.hi, 5), {}});
}

// Text over whatever lies beneath it, readable on points and lines alike: a
// white outline drawn first (paint-order), the letters on top.
inline std::string halo_text(double x, double y, const std::string& fill,
                             const std::string& attributes, const std::string& text) {
  return fmt::format(R"(<text x="{:.1f}" y="{:.1f}" fill="{}" stroke="white" stroke-width="3" )"
                     R"(stroke-linejoin="round" paint-order="stroke"{}>{}</text>)",
                     x, y, fill, attributes, escape(text));
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
