#include "mcplm/data/data_check.h"

#include <gtest/gtest.h>

#include <fstream>

#include "fake_tokenizer.h"
#include "test_util.h"

using namespace mcplm;

namespace {

std::filesystem::path write_task() {
  auto dir = test::temp_dir("task") / "superglue-record";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "superglue-record_train.tsv") << "w1 w2 w3 w4 w5\tA\n"
                                                       "w1\tB\tbb bb bb\n"
                                                       "w1 w2\tA\n"
                                                       "w1 w2 w3\tC\n";
  std::ofstream(dir / "superglue-record_dev.tsv") << "q\tA\n";
  std::ofstream(dir / "superglue-record_test.tsv") << "q\tZ\n";
  return dir;
}

}  // namespace

TEST(DataCheck, CountsLabelsAndCharacterLengths) {
  DataCheckReport report = check_task_data(write_task(), {});
  EXPECT_EQ(report.task, "superglue-record");
  EXPECT_EQ(report.metric, Metric::qa_f1);
  EXPECT_FALSE(report.token_lengths);
  const SplitSummary& train = report.splits[0];
  EXPECT_EQ(train.lines, 4u);
  EXPECT_EQ(train.answers, 5u);
  EXPECT_EQ(train.multi_answer_lines, 1u);
  using Count = std::pair<std::string, std::size_t>;
  EXPECT_EQ(train.labels, (std::vector<Count>{{"A", 2}, {"B", 1}, {"C", 1}}));
  // " [superglue-record] " is 20 characters; inputs 2, 5, 8, 14 more.
  EXPECT_EQ(train.input.p50, 25u);
  EXPECT_EQ(train.input.max, 34u);
  EXPECT_EQ(train.input.over_limit, 0u);  // not counted for characters
  EXPECT_EQ(report.splits[2].labels_not_in_train, 1u);
}

TEST(DataCheck, TokenLengthsAndTruncation) {
  test::FakeTokenizer tokenizer;
  DataCheckOptions options;
  options.tokenizer = &tokenizer;
  options.max_input_length = 4;   // "[superglue-record]" + words + </s>
  options.max_output_length = 2;  // "<extra_id_0>B" </s> fits; "<extra_id_0>bb bb bb" does not
  DataCheckReport report = check_task_data(write_task(), options);
  EXPECT_TRUE(report.token_lengths);
  const SplitSummary& train = report.splits[0];
  // Input tokens: 7, 3, 4, 5 -> sorted 3 4 5 7.
  EXPECT_EQ(train.input.p50, 4u);
  EXPECT_EQ(train.input.p90, 7u);
  EXPECT_EQ(train.input.max, 7u);
  EXPECT_EQ(train.input.over_limit, 2u);
  EXPECT_EQ(train.target.max, 4u);
  EXPECT_EQ(train.target.over_limit, 1u);
  std::string text = format_data_check(report);
  EXPECT_NE(text.find("input  length p50/p90/p99/max: 4/7/7/7, truncated at 4: 2"),
            std::string::npos)
      << text;
}
