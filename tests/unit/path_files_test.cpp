#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/connect/path_files.h"
#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "test_util.h"

using namespace mcplm;

namespace {
PointRecord point(double x, double dev) {
  return {x, SplitEval{dev, 1 - dev, {dev > 0.5 ? 1.0 : 0.0}}, SplitEval{dev, 2 - dev, {1.0}}};
}
const PathLabels kLabels{"toy", "ACC", false};
}  // namespace

TEST(PathFiles, AppendThenReadBackSorted) {
  auto dir = test::temp_dir("append");
  append_point(dir, point(0.5, 0.7), kLabels);
  append_point(dir, point(0.0, 0.4), kLabels);
  auto points = read_points(dir);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].x, 0.0);
  EXPECT_EQ(points[1].dev->performance, 0.7);
  EXPECT_EQ(read_file_bytes(dir / "result.csv"),
            "prefix,metric,x,dev_performance,dev_loss,test_performance,test_loss\n"
            "toy,ACC,0.5000,0.7000,0.3000,0.7000,1.3000\n"
            "toy,ACC,0.0000,0.4000,0.6000,0.4000,1.6000\n");
}

TEST(PathFiles, TruncatedLastLineIsIgnoredOtherBadLinesAreNot) {
  auto dir = test::temp_dir("cut");
  append_point(dir, point(0.0, 0.4), kLabels);
  std::ofstream(dir / kPointsFile, std::ios::app) << R"({"x":0.5,"dev":{"perf)";
  EXPECT_EQ(read_points(dir).size(), 1u);
  std::ofstream(dir / kPointsFile, std::ios::app) << "\n" << to_json(point(1, 0.2)).dump() << "\n";
  try {
    read_points(dir);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("points.jsonl:2: not valid JSON"), std::string::npos)
        << e.what();
  }
}

TEST(PathFiles, MergeShardsAndDetectConflicts) {
  auto a = test::temp_dir("a"), b = test::temp_dir("b");
  append_point(a, point(0.0, 0.4), kLabels);
  append_point(a, point(1.0, 0.6), kLabels);
  append_point(b, point(0.5, 0.9), kLabels);
  auto merged = merge_points({a, b});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[1].x, 0.5);
  append_point(b, point(1.0, 0.6), kLabels);  // a point in two shards, even the same result
  EXPECT_THROW(merge_points({a, b}), InputError);
  EXPECT_THROW(merge_points({test::temp_dir("empty")}), InputError);
}

TEST(PathFiles, WritesEveryOutput) {
  auto dir = test::temp_dir("out");
  std::vector<PointRecord> points = {point(0, 0.4), point(0.5, 0.9), point(1, 0.6)};
  write_path_outputs(dir, points, kLabels);
  for (const char* f : {"points.jsonl", "result.csv", "valid_data_analysis.json",
                        "test_data_analysis.json", "data_analyze.txt", "solution_analysis.txt",
                        "summary.json", "interpolation.svg"})
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  auto summary = nlohmann::json::parse(read_file_bytes(dir / "summary.json"));
  EXPECT_TRUE(summary["dev"]["best_interior"]["beats_both_ends"].get<bool>());
  EXPECT_EQ(read_points(dir).size(), 3u);

  auto train_dir = test::temp_dir("train");
  std::vector<PointRecord> train = {{0, SplitEval{0.5, 1, {1, 0}}, std::nullopt},
                                    {1, SplitEval{0.5, 1, {0, 1}}, std::nullopt}};
  write_path_outputs(train_dir, train, {"toy", "ACC", true});
  EXPECT_FALSE(std::filesystem::exists(train_dir / "test_data_analysis.json"));
  EXPECT_EQ(read_file_bytes(train_dir / "valid_data_analysis.json"),
            R"({"0.0":{"zero_list":[1],"one_list":[0]},"1.0":{"zero_list":[0],"one_list":[1]}})");
}
