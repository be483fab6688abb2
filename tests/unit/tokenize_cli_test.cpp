// `mcplm tokenize` end to end.
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_util.h"

using mcplm::test::run_mcplm;

namespace {

std::string model(const char* name) {
  return "--model '" + (mcplm::test::fixtures() / name).string() + "'";
}

}  // namespace

TEST(TokenizeCommand, PrintsIdsAsJson) {
  auto r =
      run_mcplm("tokenize " + model("t5-tiny") + " --text '<extra_id_0>not_entailment' --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto out = nlohmann::json::parse(r.output);
  EXPECT_EQ(out["ids"], (std::vector<int64_t>{1099, 189, 819, 67, 569, 1}));
  EXPECT_EQ(out["pieces"][0], "<extra_id_0>");
  EXPECT_EQ(out["decoded"], "not_entailment");
}

TEST(TokenizeCommand, PairWithTruncationAndText) {
  auto r = run_mcplm("tokenize " + model("roberta-tiny") +
                     " --text 'Dana Reeve has died of lung cancer at age 44.'"
                     " --pair 'Christopher Reeve had an accident.' --max-length 12");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ids (12): 0 39 2275 801 72 2 2 1929 1589 408 376 2"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("pieces: <s>"), std::string::npos) << r.output;
}

TEST(TokenizeCommand, FileLinesAndDecode) {
  auto file = mcplm::test::temp_dir("cli") / "lines.txt";
  std::ofstream(file) << "Hello world!\nit's\n";
  auto r = run_mcplm("tokenize " + model("roberta-tiny") + " --file '" + file.string() +
                     "' --decode '[0, 43, 699, 82, 999, 4, 2]' --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream lines(r.output);
  std::vector<nlohmann::json> objects;
  for (std::string line; std::getline(lines, line);) objects.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(objects.size(), 3u);
  EXPECT_EQ(objects[0]["ids"], (std::vector<int64_t>{0, 43, 699, 82, 999, 4, 2}));
  EXPECT_EQ(objects[1]["text"], "it's");
  EXPECT_EQ(objects[2]["decoded"], "Hello world!");
}

TEST(TokenizeCommand, BadInputIsAOneLineError) {
  auto missing = run_mcplm("tokenize --model /nonexistent/model --text x");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.output, "mcplm: error: /nonexistent/model: not a model directory\n");
  auto ids = run_mcplm("tokenize " + model("t5-tiny") + " --decode '1,x'");
  EXPECT_EQ(ids.exit_code, 2);
  EXPECT_NE(ids.output.find("not a list of token ids"), std::string::npos) << ids.output;
  auto range = run_mcplm("tokenize " + model("t5-tiny") + " --decode 99999");
  EXPECT_EQ(range.exit_code, 2) << range.output;
  auto nothing = run_mcplm("tokenize " + model("t5-tiny"));
  EXPECT_EQ(nothing.exit_code, 2) << nothing.output;
}

TEST(TokenizeCommand, SaysWhereTheSentencePieceLibraryWasLookedFor) {
  ::setenv("MCPLM_SPM_LIBRARY", "/nonexistent/libmcplm_spm.so", 1);
  auto r = run_mcplm("tokenize " + model("t5-tiny") + " --text x");
  ::unsetenv("MCPLM_SPM_LIBRARY");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("cannot load libmcplm_spm.so"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/libmcplm_spm.so"), std::string::npos) << r.output;
}

TEST(BenchCommand, TokenizeReportsLinesPerSecond) {
  auto file = mcplm::test::temp_dir("bench") / "lines.txt";
  std::ofstream(file) << "Hello world!\nsentence1: a b\tentailment\n";
  auto r = run_mcplm("bench tokenize " + model("t5-tiny") + " --file '" + file.string() +
                     "' --min-seconds 0");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("lines: 2, "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("lines/s"), std::string::npos) << r.output;
}
