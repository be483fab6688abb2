// A self-contained SVG bar chart whose bars stand in labelled sections along
// the x axis, the sections themselves in labelled parts (one value per layer
// of a network: its blocks as sections, encoder and decoder as parts). Bars
// rise or fall from a reference value, coloured by the side they lie on.
#pragma once
#include <string>
#include <vector>

namespace mcplm {

struct BarSection {
  std::string part;               // consecutive sections of one part share its label
  std::string label;              // under the section
  std::vector<std::string> bars;  // each bar's name (its tooltip)
  std::vector<double> values;     // one per bar; non-finite values are drawn as gaps
};

struct BarChartStyle {
  std::string title, subtitle, y_label;
  double y_lo = 0, y_hi = 1;  // the fixed value axis
  double reference = 0.5;     // bars start here; a dashed line marks it
  std::string above_label = "above", below_label = "below";  // the legend of each colour
  std::string above_color = "#d95f02", below_color = "#1b9e77";
};

std::string sectioned_bar_svg(const BarChartStyle& style, const std::vector<BarSection>& sections);

}  // namespace mcplm
