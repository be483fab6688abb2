// interpolation.svg: ticks at the points, the ends named, the loss barrier
// marked where summary.json puts it, the loss axis logarithmic by flag or
// when it spans more than two decades, t on curves, one colour per task.
#include "mcplm/connect/path_plot.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "svg_samples.h"

using namespace mcplm;

namespace {

bool has(const std::string& svg, const std::string& what) {
  return svg.find(what) != std::string::npos;
}

std::vector<PointRecord> grid(int n) { return test::humped_path(n, 0.05, 0.06, 0.02); }

}  // namespace

TEST(PathPlot, TicksAtEveryPointUpToElevenElseEveryTenth) {
  EXPECT_EQ(path_ticks(grid(5)), (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
  EXPECT_EQ(path_ticks(grid(11)).size(), 11u);
  const auto tenths = path_ticks(grid(26));
  ASSERT_EQ(tenths.size(), 11u);
  EXPECT_DOUBLE_EQ(tenths[3], 0.3);
  const std::string svg = path_svg(grid(5), test::sample_labels());
  for (const char* tick : {">0.25<", ">0.75<"}) EXPECT_TRUE(has(svg, tick)) << tick;
}

TEST(PathPlot, EndsNamedUnderTheAxis) {
  const std::string svg = path_svg(grid(5), test::sample_labels());
  EXPECT_TRUE(has(svg, ">θ1: seed 20, update 150<"));
  EXPECT_TRUE(has(svg, ">θ2: seed 30, update 150<"));
  // A long name keeps its end, where runs differ.
  PathLabels labels = test::sample_labels();
  labels.start = "a-rather-long-checkpoint-directory-name_seed_20";
  EXPECT_TRUE(has(path_svg(grid(5), labels), ">…ckpoint-directory-name_seed_20<"));
  // One with commas goes on two lines, broken after the last that leaves a first line short enough.
  labels.start = "toy-works, seed 20, update 100";
  const std::string two = path_svg(grid(5), labels);
  EXPECT_TRUE(has(two, ">θ1: toy-works, seed 20,<"));
  EXPECT_TRUE(has(two, ">update 100<"));
  EXPECT_FALSE(has(path_svg(grid(5), PathLabels{"toy", "ACC", false}), "θ1:"));
}

TEST(PathPlot, LossBarrierMarkedAtSummarysPointWithItsHeight) {
  const auto points = grid(11);
  std::vector<double> xs, dev_loss;
  for (const auto& p : points) xs.push_back(p.x), dev_loss.push_back(p.dev->loss);
  const Barrier b = loss_barrier(xs, dev_loss);
  ASSERT_GT(b.height, 0);
  const std::string svg = path_svg(points, test::sample_labels());
  EXPECT_TRUE(has(svg, fmt::format(">dev barrier {:.4g}<", b.height))) << svg;
  EXPECT_TRUE(has(svg, ">test barrier "));
  EXPECT_TRUE(has(svg, "ends' chord, barrier"));
  // A path under its chord has no barrier to mark.
  EXPECT_FALSE(
      has(path_svg(test::humped_path(5, 0.1, 0.2, -0.05), test::sample_labels()), "barrier "));
}

TEST(PathPlot, LogLossByFlagOrWhenTheLossSpansTwoDecades) {
  EXPECT_FALSE(has(path_svg(grid(5), test::sample_labels()), "loss (log scale)"));
  PathLabels log = test::sample_labels();
  log.log_loss = true;
  EXPECT_TRUE(has(path_svg(grid(5), log), "loss (log scale)"));
  const std::string wide = path_svg(test::humped_path(11, 0.01, 0.02, 20), test::sample_labels());
  EXPECT_TRUE(has(wide, "loss (log scale)"));
  for (const char* decade : {">0.01<", ">0.1<", ">1<", ">10<"}) EXPECT_TRUE(has(wide, decade));
  EXPECT_FALSE(has(wide, "ACC (log scale)"));  // the metric stays linear
}

TEST(PathPlot, CurvesSayT) {
  PathLabels labels = test::sample_labels();
  labels.parameter = "t";
  const std::string svg = path_svg(grid(5), labels, grid(5));
  EXPECT_TRUE(has(svg, R"(text-anchor="middle">t</text>)"));
  EXPECT_FALSE(has(svg, R"(text-anchor="middle">x</text>)"));
  EXPECT_TRUE(has(path_svg(grid(5), test::sample_labels()), R"(text-anchor="middle">x</text>)"));
}

TEST(PathPlot, SeveralTasksOneColourEach) {
  PathLabels other = test::sample_labels();
  other.prefix = "toy-clarity";
  other.metric = "F1";
  const std::string svg =
      tasks_svg({{test::sample_labels(), grid(5)}, {other, test::humped_path(5, 0.3, 0.2, 0.1)}});
  EXPECT_TRUE(has(svg, "toy-sentiment, toy-clarity: linear interpolation"));
  for (const char* series : {">toy-sentiment dev<", ">toy-sentiment test<", ">toy-clarity dev<",
                             ">toy-clarity test<", ">ACC / F1<"})
    EXPECT_TRUE(has(svg, series)) << series;
  EXPECT_TRUE(has(svg, R"(stroke="#1f77b4" stroke-width="2"/>)"));  // the first task's dev
  EXPECT_TRUE(has(svg, R"(stroke="#ff7f0e" stroke-width="2"/>)"));  // the second's
  EXPECT_TRUE(has(svg, ">θ1: seed 20, update 150<"));
}
