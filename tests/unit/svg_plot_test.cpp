#include "mcplm/report/svg_plot.h"

#include <gtest/gtest.h>

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
  Panel metric{"dev & test ACC",
               "x",
               "ACC",
               {{"dev", {0, 0.5, 1}, {0.6, 0.4, 0.7}, "#1f77b4"},
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
  std::string svg = scatter_svg(
      "data map", "variability", "confidence",
      {{"correct", "#2ca02c", {0.1, 0.2}, {0.9, 0.8}}, {"wrong", "#d62728", {0.3}, {0.2}}},
      {{"easy-to-learn", 0, 0.5, 0.2, 1, "#2ca02c"}});
  EXPECT_EQ(count(svg, "<circle"), 3 + 2);  // points + legend markers
  EXPECT_NE(svg.find("easy-to-learn"), std::string::npos);
  EXPECT_NE(svg.find("variability"), std::string::npos);
}

TEST(SvgPlot, LogTicksDecadesElseTheirMultiples) {
  EXPECT_EQ(log_ticks(0.004, 50), (std::vector<double>{0.01, 0.1, 1, 10}));
  EXPECT_EQ(log_ticks(0.3, 4), (std::vector<double>{0.5, 1, 2}));
  EXPECT_EQ(log_ticks(0.041, 0.069), (std::vector<double>{0.05, 0.06}));
  EXPECT_EQ(log_ticks(0.0412, 0.0418), nice_ticks(0.0412, 0.0418));
}

TEST(SvgPlot, LogScaleWhenPositiveValuesSpanMoreThanTwoDecades) {
  EXPECT_TRUE(wants_log_scale({0.05, 21}));
  EXPECT_TRUE(wants_log_scale({NAN, 0.001, 1}));
  EXPECT_FALSE(wants_log_scale({0.1, 5}));
  EXPECT_FALSE(wants_log_scale({0, 100}));  // zero has no place on a log axis
  EXPECT_FALSE(wants_log_scale({}));
}

TEST(SvgPlot, LineChartScalesTicksEndsAndBarriers) {
  Panel auto_log{"loss", "x", "loss", {{"dev", {0, 0.5, 1}, {0.05, 21, 0.06}, "#1f77b4"}}};
  auto_log.y_scale = YScale::Auto;
  auto_log.x_ticks = {0, 0.25, 0.5, 0.75, 1};
  auto_log.barriers = {{"dev barrier 21", "#1f77b4", 0, 0.05, 1, 0.06, 0.5, 21}};
  Panel linear{"ACC", "x", "ACC", {{"dev", {0, 0.5, 1}, {0.6, 0.4, 0.7}, "#1f77b4"}}};
  const std::string svg = line_chart_svg("t", {linear, auto_log}, {"θ1: a", "θ2: b"});
  EXPECT_NE(svg.find("loss (log scale)"), std::string::npos);
  EXPECT_EQ(svg.find("ACC (log scale)"), std::string::npos);
  EXPECT_NE(svg.find(">0.75<"), std::string::npos);
  EXPECT_EQ(count(svg, ">θ1: a<"), 2);  // under each panel
  EXPECT_EQ(count(svg, ">θ2: b<"), 2);
  EXPECT_NE(svg.find(">dev barrier 21<"), std::string::npos);
  EXPECT_NE(svg.find(R"(paint-order="stroke")"), std::string::npos);
  // Forced: a narrow range still gets labelled ticks.
  Panel forced{"loss", "x", "loss", {{"dev", {0, 1}, {0.3, 0.9}, "#1f77b4"}}};
  forced.y_scale = YScale::Log;
  const std::string narrow = line_chart_svg("t", {forced});
  EXPECT_NE(narrow.find("loss (log scale)"), std::string::npos);
  EXPECT_NE(narrow.find(">0.5<"), std::string::npos);
}

TEST(SvgPlot, LegendWrapsWithinThePanel) {
  Panel one{"p", "x", "y", {}};
  for (const char* label :
       {"toy-sentiment dev", "toy-sentiment test", "toy-clarity dev", "toy-clarity test"})
    one.series.push_back({label, {0, 1}, {1, 2}, "#1f77b4"});
  const std::string wrapped = line_chart_svg("t", {one});
  one.series.resize(1);
  const std::string single = line_chart_svg("t", {one});
  EXPECT_NE(wrapped.find("height=\"496\""), std::string::npos) << wrapped.substr(0, 120);
  EXPECT_NE(single.find("height=\"478\""), std::string::npos) << single.substr(0, 120);
}

TEST(SvgPlot, HistogramBinsAndScatterMargins) {
  const Histogram h = histogram("c", "#622a87", {0, 0.05, 0.5, 1, 1.5, NAN}, 10, 0, 1);
  EXPECT_EQ(h.edges.size(), 11u);
  EXPECT_EQ(h.counts, (std::vector<double>{2, 0, 0, 0, 0, 1, 0, 0, 0, 1}));
  const std::string svg = scatter_svg("map", "variability", "confidence",
                                      {{"correct", "#2ca02c", {0.1, 0.2}, {0.9, 0.8}}},
                                      {{"easy-to-learn", 0, 0.5, 0.2, 1, "#d62728"}}, {h});
  EXPECT_EQ(count(svg, R"(fill="#622a87")"), 3);  // the bins holding values
  // The region's name comes after the points, outlined in white.
  const auto label = svg.find(">easy-to-learn<");
  ASSERT_NE(label, std::string::npos);
  EXPECT_GT(label, svg.rfind("<circle"));
  const std::string tag = svg.substr(svg.rfind("<text", label), label - svg.rfind("<text", label));
  EXPECT_NE(tag.find(R"(stroke="white")"), std::string::npos) << tag;
  EXPECT_NE(tag.find(R"(paint-order="stroke")"), std::string::npos) << tag;
}
