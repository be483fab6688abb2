// `mcplm data check` end to end.
#include <gtest/gtest.h>

#include <fstream>

#include "test_util.h"

using mcplm::test::run_mcplm;

namespace {

std::filesystem::path write_task(const std::string& name, const std::string& train) {
  auto dir = mcplm::test::temp_dir("task") / name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / (name + "_train.tsv")) << train;
  std::ofstream(dir / (name + "_dev.tsv")) << "premise: a [SEP] hypothesis: b\tneutral\n";
  std::ofstream(dir / (name + "_test.tsv")) << "premise: c [SEP] hypothesis: d\tcontradiction\n";
  return dir;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(DataCheckCli, SummarisesAGoodDirectory) {
  auto dir = write_task("glue-mnli",
                        "premise: a [SEP] hypothesis: b\tneutral\n"
                        "premise: c [SEP] hypothesis: d\tentailment\n"
                        "premise: e [SEP] hypothesis: f\tneutral\tentailment\n");
  auto result = run_mcplm("data check '" + dir.string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "task:    glue-mnli")) << result.output;
  EXPECT_TRUE(contains(result.output, "metric:  ACC")) << result.output;
  EXPECT_TRUE(contains(result.output, "train: 3 lines, 4 answers, 1 lines with several answers"))
      << result.output;
  EXPECT_TRUE(contains(result.output, "2 distinct first answers: neutral=2 entailment=1"))
      << result.output;
  EXPECT_TRUE(contains(result.output, "first answers not in train (RoBERTa rejects these): 1"))
      << result.output;  // test
  EXPECT_TRUE(contains(result.output, "input  length p50/p90/p99/max: 43/43/43/43"))
      << result.output;
}

TEST(DataCheckCli, BadLineExitsTwoWithFileAndLine) {
  auto dir = write_task("glue-mnli", "premise: a\tneutral\npremise: no tab at all\n");
  auto result = run_mcplm("data check '" + dir.string() + "'");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  std::string where = (dir / "glue-mnli_train.tsv").string() + ":2: no tab";
  EXPECT_TRUE(contains(result.output, "mcplm: error: " + where)) << result.output;
}

TEST(DataCheckCli, UnknownTaskNeedsAMetric) {
  auto dir = write_task("my-task", "a\tb\n");
  auto result = run_mcplm("data check '" + dir.string() + "'");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "--metric")) << result.output;
  result = run_mcplm("data check '" + dir.string() + "' --metric EM");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "metric:  EM")) << result.output;
}

TEST(DataCheckCli, SharedRte) {
  auto dir = mcplm::test::shared_dir() / "data" / "glue-rte";
  MCPLM_REQUIRE_SHARED(dir);
  auto result = run_mcplm("data check '" + dir.string() + "' --split 1 --choose-dev-1000");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "train: 1120 lines")) << result.output;
  EXPECT_TRUE(contains(result.output, "dev: 250 lines")) << result.output;
  EXPECT_TRUE(contains(result.output, "test: 277 lines")) << result.output;
}
