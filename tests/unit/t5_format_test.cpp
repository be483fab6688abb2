#include "mcplm/data/t5_format.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "mcplm/data/encoded_split.h"
#include "mcplm/data/task.h"
#include "mcplm/text/tokenizer.h"
#include "test_util.h"

using namespace mcplm;

TEST(T5Format, TaskPrefixAndSentinel) {
  EXPECT_EQ(t5_input_text("glue-rte", "sentence1: A. [SEP] sentence2: B."),
            " [glue-rte] sentence1: A. [SEP] sentence2: B.");
  EXPECT_EQ(t5_target_text("not_entailment"), "<extra_id_0>not_entailment");
}

TEST(T5Format, LowercaseThenAnotherBos) {
  T5FormatOptions lower;
  lower.do_lowercase = true;
  EXPECT_EQ(t5_input_text("Glue-RTE", "\xC3\x89T\xC3\x89 Now", lower),
            " [glue-rte] \xC3\xA9t\xC3\xA9 now");
  EXPECT_EQ(t5_target_text("Yes", lower), "<extra_id_0>yes");
  T5FormatOptions bos;
  bos.append_another_bos = true;
  EXPECT_EQ(t5_input_text("anli", "premise: P", bos), "<s>  [anli] premise: P");
  EXPECT_EQ(t5_target_text("Yes", bos), "<s> <extra_id_0>Yes");
  T5FormatOptions both{true, true};
  EXPECT_EQ(t5_input_text("anli", "Premise", both), "<s>  [anli] premise");
  EXPECT_EQ(t5_target_text("Yes", both), "<s> <extra_id_0>yes");
}

// The fixture tokenises every line of glue-rte_test.tsv as the original
// formats it. Its texts are not recorded, but tokenize_t5.json holds the ids
// of both RTE targets and of the first input (cut at 32 tokens), so the order,
// the answers and the input formatting can be checked here; the full id
// comparison needs the SentencePiece tokenizer.
TEST(T5Format, AgreesWithTheRteTokenizationFixture) {
  auto dir = test::shared_dir() / "data" / "glue-rte";
  MCPLM_REQUIRE_SHARED(dir);
  auto read_json = [](const std::filesystem::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
  };
  nlohmann::json rte = read_json(test::fixtures() / "tokenize_t5_rte.json");
  nlohmann::json cases = read_json(test::fixtures() / "tokenize_t5.json")["cases"];
  std::map<std::string, std::vector<int64_t>> ids_of_text;
  for (const auto& c : cases) ids_of_text[c["text"]] = c["input_ids"].get<std::vector<int64_t>>();

  Task task = load_task(dir);
  ASSERT_EQ(rte["task_file"], "glue-rte_test.tsv");
  ASSERT_EQ(rte["target_ids"].size(), task.test.examples.size());
  ASSERT_EQ(rte["input_ids"].size(), task.test.examples.size());
  for (std::size_t i = 0; i < task.test.examples.size(); ++i) {
    std::string target = t5_target_text(task.test.examples[i].answers[0]);
    ASSERT_TRUE(ids_of_text.count(target)) << target;
    EXPECT_EQ(rte["target_ids"][i].get<std::vector<int64_t>>(), ids_of_text[target])
        << "line " << i;
    auto input_ids = rte["input_ids"][i].get<std::vector<int64_t>>();
    EXPECT_LE(input_ids.size(), 512u);
    EXPECT_EQ(input_ids.back(), 1) << "ends with </s>";
  }

  // Case 0 is line 0 of the test file, shortened after "age 44": its first 31
  // ids (before the truncation's </s>) are the fixture's, and its text is a
  // prefix of ours up to there.
  const auto& first_case = cases[0];
  std::string formatted = t5_input_text(task.name, task.test.examples[0].input);
  std::string case_text = first_case["text"];
  std::string shared = case_text.substr(0, case_text.find("44") + 2);
  EXPECT_EQ(formatted.substr(0, shared.size()), shared);
  auto case_ids = first_case["input_ids"].get<std::vector<int64_t>>();
  auto line_ids = rte["input_ids"][0].get<std::vector<int64_t>>();
  ASSERT_EQ(case_ids.size(), 32u);
  EXPECT_TRUE(std::equal(case_ids.begin(), case_ids.end() - 1, line_ids.begin()));
}

// The whole pipeline (load, format, SentencePiece, truncation) against the
// fixture's ids for every line of the RTE test file.
TEST(T5Format, EncodesRteExactlyAsTheOriginal) {
  auto dir = test::shared_dir() / "data" / "glue-rte";
  MCPLM_REQUIRE_SHARED(dir);
  std::ifstream in(test::fixtures() / "tokenize_t5_rte.json");
  nlohmann::json rte = nlohmann::json::parse(in);
  Task task = load_task(dir);
  auto tokenizer = load_tokenizer(test::fixtures() / "t5-tiny");
  EncodedSplit split = encode_t5(task.name, task.test, *tokenizer);
  ASSERT_EQ(split.size(), rte["input_ids"].size());
  for (std::size_t i = 0; i < split.size(); ++i) {
    EXPECT_EQ(split.inputs[i], rte["input_ids"][i].get<std::vector<int64_t>>()) << "line " << i;
    EXPECT_EQ(split.targets[i][0], rte["target_ids"][i].get<std::vector<int64_t>>())
        << "line " << i;
  }
}
