#include "mcplm/connect/path_analysis.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mcplm/connect/path_record.h"
#include "mcplm/report/py_format.h"

using namespace mcplm;

namespace {

// Three points, three examples; hand-computed expectations below.
std::vector<PointRecord> three_points() {
  return {
      {0.0, SplitEval{0.5, 1.0, {1, 0, 0.5}}, SplitEval{0.25, 2.0, {0, 1, 0}}},
      {0.5, SplitEval{0.75, 0.5, {1, 1, 0}}, SplitEval{0.5, 1.5, {1, 1, 0}}},
      {1.0, SplitEval{0.25, 2.0, {0, 1, 1}}, SplitEval{0.25, 3.0, {0, 0, 1}}},
  };
}

}  // namespace

TEST(PyFormat, MatchesPythonRepr) {
  EXPECT_EQ(py_float(0), "0.0");
  EXPECT_EQ(py_float(0.04), "0.04");
  EXPECT_EQ(py_float(1), "1.0");
  EXPECT_EQ(py_float(1e-5), "1e-05");
  EXPECT_EQ(py_float(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(py_float(1e16), "1e+16");
  EXPECT_EQ(py_float(123456789.0), "123456789.0");
  EXPECT_EQ(fixed4(0.123456), "0.1235");
}

TEST(PathRecord, PointsAreRoundedLinspace) {
  auto xs = interpolation_points(26);
  ASSERT_EQ(xs.size(), 26u);
  EXPECT_EQ(xs[1], 0.04);
  EXPECT_EQ(xs[25], 1.0);
  auto seven = interpolation_points(7);
  EXPECT_EQ(seven[1], 0.167);  // round(1/6, 3)
  EXPECT_EQ(seven[5], 0.833);
  EXPECT_THROW(interpolation_points(1), std::exception);
}

TEST(PathRecord, JsonRoundTrip) {
  PointRecord p = three_points()[1];
  PointRecord back = point_from_json(to_json(p), "points.jsonl", 3);
  EXPECT_EQ(back.x, 0.5);
  ASSERT_TRUE(back.dev && back.test);
  EXPECT_EQ(back.dev->scores, p.dev->scores);
  EXPECT_EQ(back.test->loss, 1.5);
  EXPECT_THROW(point_from_json(nlohmann::json{{"y", 1}}, "points.jsonl", 3), std::exception);
}

TEST(PathAnalysis, ScoreListsAgainstPrevious) {
  std::vector<double> prev = {1, 0, 0.5, 1};
  ScoreLists l = compare_scores({0, 1, 1, 1}, &prev);
  EXPECT_EQ(l.zero, (std::vector<int64_t>{0}));
  EXPECT_EQ(l.one, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(l.up, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(l.down, (std::vector<int64_t>{0}));
  EXPECT_EQ(l.up_to_one, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(l.down_to_zero, (std::vector<int64_t>{0}));
  ScoreLists first = compare_scores({0, 0.5, 1}, nullptr);
  EXPECT_EQ(first.up, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(first.up_to_one, (std::vector<int64_t>{2}));
  EXPECT_TRUE(first.down.empty());
}

TEST(PathAnalysis, ResultCsvWithAverageRow) {
  std::string csv = result_csv(three_points(), {"glue-rte", "ACC", false});
  EXPECT_EQ(csv,
            "prefix,metric,x,dev_performance,dev_loss,test_performance,test_loss\n"
            "glue-rte,ACC,0.0000,0.5000,1.0000,0.2500,2.0000\n"
            "glue-rte,ACC,0.5000,0.7500,0.5000,0.5000,1.5000\n"
            "glue-rte,ACC,1.0000,0.2500,2.0000,0.2500,3.0000\n"
            "average,ACC,0.5000,0.5000,1.1667,0.3333,2.1667\n");
}

TEST(PathAnalysis, DataAnalyzeText) {
  std::vector<PointRecord> pts = three_points();
  pts.resize(2);
  std::string txt = data_analyze_txt(pts, {"glue-rte", "ACC", false});
  EXPECT_EQ(txt,
            "total number of data is 3 \nDEV: round x = 0.0, in dev_data: \n"
            "zero_list_num: 1\none_list_num: 1\nup_list_num: 2\nup_to_one_num: 1\n"
            "down_list_num: 0\ndown_to_zero_num: 0\n\n"
            "total number of data is 3 \nTEST: round x = 0.0, in test_data: \n"
            "zero_list_num: 2\none_list_num: 1\nup_list_num: 1\nup_to_one_num: 1\n"
            "down_list_num: 0\ndown_to_zero_num: 0\n\n"
            "total number of data is 3 \nDEV: round x = 0.5, in dev_data: \n"
            "zero_list_num: 1\none_list_num: 2\nup_list_num: 1\nup_to_one_num: 1\n"
            "down_list_num: 1\ndown_to_zero_num: 1\n\n"
            "total number of data is 3 \nTEST: round x = 0.5, in test_data: \n"
            "zero_list_num: 1\none_list_num: 2\nup_list_num: 1\nup_to_one_num: 1\n"
            "down_list_num: 0\ndown_to_zero_num: 0\n\n");
  std::vector<PointRecord> train = {{0.0, SplitEval{0.5, 1.0, {1, 0}}, std::nullopt}};
  EXPECT_EQ(data_analyze_txt(train, {"glue-rte", "ACC", true}),
            "total number of data is 2 \nTEST ON TRAIN: round x = 0.0, in dev_data: \n"
            "zero_list_num: 1\none_list_num: 1\n");
}

TEST(PathAnalysis, AnalysisJson) {
  auto pts = three_points();
  EXPECT_EQ(data_analysis_json({pts[0], pts[1]}, "dev", false),
            R"({"0.0":{"zero_list":[1],"one_list":[0],"up_list":[0,2],"down_list":[]},)"
            R"("0.5":{"zero_list":[2],"one_list":[0,1],"up_list":[1],"down_list":[2]}})");
  EXPECT_EQ(data_analysis_json({pts[0]}, "dev", true),
            R"({"0.0":{"zero_list":[1],"one_list":[0]}})");
}

TEST(PathAnalysis, SolutionAnalysis) {
  EXPECT_EQ(solution_analysis_txt(three_points()),
            "better valid number: 1, which are [0.5] \n"
            "better test number: 1, which are [0.5] \n"
            "better valid & test number: 1, which are [0.5] \n\n"
            "best valid performance: 0.75 \n"
            "average valid performance: 0.5 \n"
            "average valid loss: 1.1666666666666667 \n"
            "average test performance: 0.3333333333333333 \n"
            "average test loss: 2.1666666666666665 \n\n");
}

TEST(PathAnalysis, BarriersAndSummary) {
  std::vector<double> xs = {0, 0.5, 1};
  Barrier lb = loss_barrier(xs, {1.0, 3.0, 2.0});  // line at 0.5 is 1.5: barrier 1.5
  EXPECT_DOUBLE_EQ(lb.height, 1.5);
  EXPECT_DOUBLE_EQ(lb.x, 0.5);
  Barrier mb = metric_barrier(xs, {0.8, 0.4, 0.6});  // line at 0.5 is 0.7: barrier 0.3
  EXPECT_NEAR(mb.height, 0.3, 1e-12);
  Barrier none = metric_barrier(xs, {0.5, 0.9, 0.5});  // above the line: ends are the max
  EXPECT_DOUBLE_EQ(none.height, 0.0);
  EXPECT_DOUBLE_EQ(none.x, 0.0);

  nlohmann::json s = path_summary(three_points(), {"glue-rte", "ACC", false});
  EXPECT_DOUBLE_EQ(s["dev"]["loss_barrier"]["height"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(s["dev"]["best_interior"]["x"].get<double>(), 0.5);
  EXPECT_TRUE(s["dev"]["best_interior"]["beats_both_ends"].get<bool>());
  EXPECT_DOUBLE_EQ(s["test"]["endpoints"]["loss"][1].get<double>(), 3.0);
}
