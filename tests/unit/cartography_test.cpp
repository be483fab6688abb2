// Training dynamics, td_metrics.jsonl, the data map and the forgetting report
// of `cartography analyze`, on hand-made inputs with hand-computed numbers.
#include "mcplm/train/cartography.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/report/numpy_reduce.h"
#include "mcplm/train/forgetting_report.h"
#include "mcplm/train/training_dynamics.h"
#include "test_util.h"

using namespace mcplm;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// Three examples over four epochs.
const char* kCartography = R"({
  "0": {"acc": [0.0, 1.0, 1.0, 1.0], "confidence": [0.25, 0.5, 0.75, 1.0]},
  "1": {"acc": [1.0, 0.0, 1.0, 0.0], "confidence": [0.5, 0.5, 0.5, 0.5]},
  "2": {"acc": [0.0, 0.0, 0.0, 0.0], "confidence": [0.0, 0.25, 0.0, 0.25]}
})";

// Ten examples along the diagonal of the map over 4 epochs: the first five
// never correct, the others always.
std::vector<ExampleDynamics> ten_on_the_diagonal() {
  std::vector<ExampleDynamics> all(10);
  for (std::size_t i = 0; i < all.size(); ++i) {
    all[i].confidence = 0.1 * static_cast<double>(i);
    all[i].variability = 0.02 * static_cast<double>(i);
    all[i].correct_epochs = i < 5 ? 0 : 4;
    all[i].correctness = all[i].correct_epochs / 4;
  }
  return all;
}

}  // namespace

TEST(NumpyReduce, SumsInNumpysPairwiseOrder) {
  // Fewer than 8 values: in order (each 1 is lost against 1e16).
  EXPECT_EQ(numpy_sum({1e16, 1, 1, 1}), 1e16);
  // 9 values: eight interleaved accumulators, then the rest in order.
  const std::vector<double> nine = {1e16, 1, 1, 1, 1, 1, 1, 1, 1};
  const double numpy_order = (((1e16 + 1) + (1. + 1)) + ((1. + 1) + (1. + 1))) + 1;
  EXPECT_EQ(numpy_sum(nine), numpy_order);
  double in_order = 0;
  for (double v : nine) in_order += v;
  EXPECT_NE(numpy_order, in_order);
  EXPECT_EQ(numpy_mean({1, 2, 3, 4}), 2.5);
  EXPECT_DOUBLE_EQ(numpy_std({1, 2, 3, 4}), std::sqrt(1.25));  // population std
  EXPECT_EQ(numpy_std({0.7}), 0.0);
}

TEST(TrainingDynamics, PerExampleStatistics) {
  auto file = test::temp_dir("dyn") / "cartography.json";
  write_text_atomically(file, kCartography);
  auto t = read_cartography(file);
  ASSERT_EQ(t.size(), 3u);
  ExampleDynamics a = example_dynamics(t[0]);
  EXPECT_DOUBLE_EQ(a.confidence, 0.625);
  EXPECT_DOUBLE_EQ(a.variability, std::sqrt(0.078125));  // deviations ±0.375, ±0.125
  EXPECT_DOUBLE_EQ(a.correctness, 0.75);
  EXPECT_DOUBLE_EQ(a.correct_epochs, 3);
  EXPECT_EQ(a.forgetfulness, 0);
  EXPECT_EQ(a.turns, 1);
  ExampleDynamics b = example_dynamics(t[1]);
  EXPECT_DOUBLE_EQ(b.variability, 0);
  EXPECT_EQ(b.forgetfulness, 2);  // 1 -> 0 twice
  EXPECT_EQ(b.turns, 3);
  ExampleDynamics c = example_dynamics(t[2]);
  EXPECT_EQ(c.forgetfulness, 1000);  // never learnt, as allenai marks it
  EXPECT_EQ(c.turns, 0);
  EXPECT_DOUBLE_EQ(c.variability, 0.125);
}

TEST(TrainingDynamics, TdMetricsLayoutAsAllenai) {
  ExampleDynamics d;
  d.confidence = 0.75;
  d.variability = 0.125;
  d.correctness = 0.5;
  d.correct_epochs = 2;
  d.forgetfulness = 1;
  EXPECT_EQ(td_metrics_jsonl({d, d}),
            "{\"guid\":0,\"index\":0,\"threshold_closeness\":0.1875,\"confidence\":0.75,"
            "\"variability\":0.125,\"correctness\":2.0,\"forgetfulness\":1}\n"
            "{\"guid\":1,\"index\":1,\"threshold_closeness\":0.1875,\"confidence\":0.75,"
            "\"variability\":0.125,\"correctness\":2.0,\"forgetfulness\":1}\n");
}

TEST(TrainingDynamics, DataMapBinsRegionsAndSubsample) {
  const std::vector<ExampleDynamics> all = ten_on_the_diagonal();
  std::string svg = data_map_svg(all, 4, "map");
  for (const char* label : {"easy-to-learn", "ambiguous", "hard-to-learn", "variability",
                            "confidence", "correct. 0.0", "correct. 1.0"})
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  EXPECT_EQ(svg.find("correct. 0.5"), std::string::npos);
  EXPECT_EQ(count_of(svg, "r=\"2\""), 10u);
  std::string sub = data_map_svg(all, 4, "map", 4);
  EXPECT_EQ(count_of(sub, "r=\"2\""), 4u);
  EXPECT_NE(sub.find("(4 shown)"), std::string::npos);
  EXPECT_EQ(sub, data_map_svg(all, 4, "map", 4));  // deterministic
}

TEST(TrainingDynamics, DataMapLabelsOverThePointsAndMarginalHistograms) {
  const std::vector<ExampleDynamics> all = ten_on_the_diagonal();
  // Drawn over a subsample; counted over every example.
  const std::string svg = data_map_svg(all, 4, "map", 2);
  for (const char* label : {">easy-to-learn<", ">ambiguous<", ">hard-to-learn<"}) {
    const auto at = svg.find(label);
    ASSERT_NE(at, std::string::npos) << label;
    EXPECT_GT(at, svg.rfind("<circle")) << label << " drawn under the points";
    const auto tag = svg.rfind("<text", at);
    EXPECT_NE(svg.substr(tag, at - tag).find(R"(paint-order="stroke")"), std::string::npos);
  }
  // allenai's panels and colours: confidence, variability, correctness.
  for (const char* axis : {">confidence<", ">variability<", ">correctness<", ">count<"})
    EXPECT_NE(svg.find(axis), std::string::npos) << axis;
  EXPECT_EQ(count_of(svg, R"(fill="#622a87")"), 10u);  // one confidence per tenth
  EXPECT_EQ(count_of(svg, R"(fill="#008080")"), 4u);   // variability 0 to 0.18 in bins of 0.05
  EXPECT_EQ(count_of(svg, R"(fill="#86bf91")"), 2u);   // 0 and 4 correct epochs of 4
}

TEST(TrainingDynamics, WritesTdMetricsAndDataMapBesideTheFile) {
  auto dir = test::temp_dir("write");
  CartographyEpoch e0{{1, 0}, {0.9, 0.2}}, e1{{1, 1}, {0.7, 0.6}};
  record_cartography_epoch(dir / "cartography.json", 0, e0);
  record_cartography_epoch(dir / "cartography.json", 1, e1);
  write_training_dynamics(dir / "cartography.json");
  EXPECT_EQ(read_file_bytes(dir / "cartography.json"),
            R"({"0":{"acc":[1.0,1.0],"confidence":[0.9,0.7]},)"
            R"("1":{"acc":[0.0,1.0],"confidence":[0.2,0.6]}})");
  std::istringstream lines(read_file_bytes(dir / "td_metrics.jsonl"));
  std::string line;
  std::vector<nlohmann::json> rows;
  while (std::getline(lines, line)) rows.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(rows[1]["confidence"].get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(rows[1]["variability"].get<double>(), 0.2);
  EXPECT_EQ(rows[1]["correctness"].get<double>(), 1.0);
  EXPECT_TRUE(std::filesystem::exists(dir / "datamap.svg"));
  // Epoch 0 again starts a fresh file.
  record_cartography_epoch(dir / "cartography.json", 0, {{0}, {0.5}});
  EXPECT_EQ(read_file_bytes(dir / "cartography.json"), R"({"0":{"acc":[0.0],"confidence":[0.5]}})");
}

TEST(TrainingDynamics, MalformedFilesAreInputErrors) {
  auto dir = test::temp_dir("bad");
  for (const char* text :
       {"[1, 2]", R"({"0": {"acc": [1.0]}})", R"({"0": {"acc": [1.0, 0.0], "confidence": [0.5]}})",
        R"({"0": {"acc": [null], "confidence": [0.5]}})", "{"}) {
    write_text_atomically(dir / "c.json", text);
    EXPECT_THROW(read_cartography(dir / "c.json"), InputError) << text;
  }
}

namespace {

// valid_data_analysis.json of `interpolate --on-train` over three points.
const char* kAnalysis = R"({
  "0.0": {"zero_list": [2], "one_list": [0, 1]},
  "0.5": {"zero_list": [2, 1, 0], "one_list": []},
  "1.0": {"zero_list": [1], "one_list": [0]}
})";

}  // namespace

TEST(ForgettingReport, HandComputedNumbersInTheOriginalsLayout) {
  auto dir = test::temp_dir("report");
  write_text_atomically(dir / "cartography.json", kCartography);
  write_text_atomically(dir / "analysis.json", kAnalysis);
  // Example 2: correctness 0, confidence 0.125, std 0.125, 0 turns.
  // 0.0 -> 0.5: examples 1 (0.5, 0.5, 0, 3 turns) and 0 (0.75, 0.625,
  //   sqrt(0.078125), 1 turn).
  // 0.5 -> 1.0: example 1 was already forgotten: none.
  const std::string want =
      "this is from interpolation point start ===> 0.0\n"
      "total number of newly forgotten examples: 1\n"
      "average correctness is: 0.0\n"
      "average confidence is: 0.125\n"
      "average variance is: 0.125\n"
      "average turn is: 0.0\n"
      "\n"
      "this is from interpolation point 0.0 ===> 0.5\n"
      "total number of newly forgotten examples: 2\n"
      "average correctness is: 0.625\n"
      "average confidence is: 0.5625\n"
      "average variance is: 0.13975424859373686\n"
      "average turn is: 2.0\n"
      "\n"
      "this is from interpolation point 0.5 ===> 1.0\n"
      "total number of newly forgotten examples: 0\n"
      "average correctness is: 0.0\n"
      "average confidence is: 0.0\n"
      "average variance is: 0.0\n"
      "average turn is: 0.0\n"
      "\n";
  EXPECT_EQ(forgetting_report(dir / "cartography.json", dir / "analysis.json"), want);

  auto r =
      test::run_mcplm("cartography analyze --cartography '" + (dir / "cartography.json").string() +
                      "' --analysis '" + (dir / "analysis.json").string() + "' --output '" +
                      (dir / "report.txt").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_file_bytes(dir / "report.txt"), want);
}

TEST(ForgettingReport, BadIndexOrFileIsAnInputError) {
  auto dir = test::temp_dir("bad-report");
  write_text_atomically(dir / "cartography.json", kCartography);
  write_text_atomically(dir / "analysis.json", R"({"0.0": {"zero_list": [7]}})");
  EXPECT_THROW(forgetting_report(dir / "cartography.json", dir / "analysis.json"), InputError);
  auto r =
      test::run_mcplm("cartography analyze --cartography '" + (dir / "cartography.json").string() +
                      "' --analysis '" + (dir / "analysis.json").string() + "' --output '" +
                      (dir / "out.txt").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("example 7"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.txt"));
}
