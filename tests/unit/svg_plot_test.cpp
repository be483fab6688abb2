#include <gtest/gtest.h>

#include "mcplm/report/svg_plot.h"

using namespace mcplm;

namespace {
int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

TEST(SvgPlot, NiceTicks) {
  EXPECT_EQ(nice_ticks(0, 1, 5), (std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}));
  auto t = nice_ticks(0.31, 0.87, 5);
  ASSERT_FALSE(t.empty());
  EXPECT_GE(t.front(), 0.31);
  EXPECT_LE(t.back(), 0.87);
  EXPECT_EQ(nice_ticks(2, 2), (std::vector<double>{2}));
}

TEST(SvgPlot, LineChartHasAxesSeriesAndEscapedLabels) {
  Panel metric{"dev & test ACC", "x", "ACC", {{"dev", {0, 0.5, 1}, {0.6, 0.4, 0.7}, "#1f77b4"},
                                             {"test", {0, 0.5, 1}, {0.5, NAN, 0.6}, "#ff7f0e", true}}};
  Panel loss{"loss", "x", "loss", {{"dev", {0, 1}, {1.0, 2.0}, "#1f77b4"}}};
  std::string svg = line_chart_svg("glue-rte <path>", {metric, loss});
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("glue-rte &lt;path&gt;"), std::string::npos);
  EXPECT_NE(svg.find("dev &amp; test ACC"), std::string::npos);
  EXPECT_EQ(count(svg, "<polyline"), 3);
  EXPECT_EQ(count(svg, "<circle"), 3 + 2 + 2);  // the NaN point is skipped
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
}

TEST(SvgPlot, ScatterWithRegions) {
  std::string svg = scatter_svg("data map", "variability", "confidence",
                                {{"correct", "#2ca02c", {0.1, 0.2}, {0.9, 0.8}},
                                 {"wrong", "#d62728", {0.3}, {0.2}}},
                                {{"easy-to-learn", 0, 0.5, 0.2, 1, "#2ca02c"}});
  EXPECT_EQ(count(svg, "<circle"), 3 + 2);  // points + legend markers
  EXPECT_NE(svg.find("easy-to-learn"), std::string::npos);
  EXPECT_NE(svg.find("variability"), std::string::npos);
}
