// T5Tokenizer parity with transformers 4.19 (fixtures/tokenize_t5*.json).
#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/text/t5_tokenizer.h"
#include "mcplm/text/token_batch.h"
#include "test_util.h"

using mcplm::T5Tokenizer;
using Ids = std::vector<int64_t>;
namespace fs = std::filesystem;

namespace {

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

const T5Tokenizer& t5() {
  static T5Tokenizer tokenizer(mcplm::test::fixtures() / "t5-tiny");
  return tokenizer;
}

fs::path t5_dir_with(const std::string& name, const std::string& file, const std::string& json) {
  fs::path dir = mcplm::test::temp_dir(name);
  fs::copy_file(mcplm::test::fixtures() / "t5-tiny" / "spiece.model", dir / "spiece.model");
  std::ofstream(dir / file) << json;
  return dir;
}

}  // namespace

TEST(T5Tokenizer, VocabularyMatchesTransformers) {
  auto expected = read_json(mcplm::test::fixtures() / "tokenize_t5.json");
  EXPECT_EQ(t5().vocab_size(), expected["vocab_size"].get<int64_t>());
  EXPECT_EQ(t5().pad_id(), expected["pad_id"].get<int64_t>());
  EXPECT_EQ(t5().eos_id(), expected["eos_id"].get<int64_t>());
  EXPECT_EQ(t5().encode_text("<unk>"), Ids{expected["unk_id"].get<int64_t>()});
  EXPECT_EQ(t5().encode_text("<extra_id_0>"), Ids{expected["extra_id_0"].get<int64_t>()});
  EXPECT_EQ(t5().encode_text("<extra_id_99>"), Ids{expected["extra_id_99"].get<int64_t>()});
  EXPECT_EQ(t5().id_to_piece(1099), "<extra_id_0>");
  EXPECT_TRUE(t5().is_special(1000));
  EXPECT_FALSE(t5().is_special(999));
}

TEST(T5Tokenizer, CasesMatchTransformers) {
  auto expected = read_json(mcplm::test::fixtures() / "tokenize_t5.json");
  for (const auto& c : expected["cases"]) {
    std::string text = c["text"];
    Ids ids = c["input_ids"];
    EXPECT_EQ(t5().encode(text, c["max_length"].get<std::size_t>()), ids) << text;
    EXPECT_EQ(t5().decode(ids), c["decoded_skip_special"].get<std::string>()) << text;
  }
}

TEST(T5Tokenizer, PaddedBatchMatchesTransformers) {
  auto expected = read_json(mcplm::test::fixtures() / "tokenize_t5.json")["batch"];
  ASSERT_EQ(expected["padding"], "max_length");
  auto batch =
      mcplm::encode_batch(t5(), expected["texts"].get<std::vector<std::string>>(),
                          expected["max_length"].get<std::size_t>(), mcplm::Padding::max_length);
  std::vector<Ids> ids = expected["input_ids"], mask = expected["attention_mask"];
  ASSERT_EQ(batch.rows, static_cast<int64_t>(ids.size()));
  ASSERT_EQ(batch.width, expected["max_length"].get<int64_t>());
  for (int64_t r = 0; r < batch.rows; ++r) {
    EXPECT_EQ(Ids(batch.input_ids.begin() + r * batch.width,
                  batch.input_ids.begin() + (r + 1) * batch.width),
              ids[r]);
    EXPECT_EQ(Ids(batch.attention_mask.begin() + r * batch.width,
                  batch.attention_mask.begin() + (r + 1) * batch.width),
              mask[r]);
  }
  auto longest =
      mcplm::encode_batch(t5(), {"a", "<extra_id_0>entailment"}, 0, mcplm::Padding::longest);
  EXPECT_EQ(longest.width, 5);
  EXPECT_EQ(longest.input_ids, (Ids{11, 1, 0, 0, 0, 1099, 4, 67, 569, 1}));
  EXPECT_EQ(longest.attention_mask, (Ids{1, 1, 0, 0, 0, 1, 1, 1, 1, 1}));
}

TEST(T5Tokenizer, EveryRteLineMatchesTransformers) {
  auto expected = read_json(mcplm::test::fixtures() / "tokenize_t5_rte.json");
  fs::path tsv =
      mcplm::test::shared_dir() / "data" / "glue-rte" / expected["task_file"].get<std::string>();
  MCPLM_REQUIRE_SHARED(tsv);
  std::vector<Ids> inputs = expected["input_ids"], targets = expected["target_ids"];
  std::ifstream in(tsv);
  std::size_t n = 0, input_mismatches = 0, target_mismatches = 0;
  for (std::string line; std::getline(in, line); ++n) {
    ASSERT_LT(n, inputs.size());
    auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos);
    Ids input = t5().encode(" [glue-rte] " + line.substr(0, tab),
                            expected["max_input_length"].get<std::size_t>());
    Ids target = t5().encode("<extra_id_0>" + line.substr(tab + 1),
                             expected["max_output_length"].get<std::size_t>());
    input_mismatches += input != inputs[n];
    target_mismatches += target != targets[n];
    EXPECT_EQ(input, inputs[n]) << "line " << n + 1;
  }
  EXPECT_EQ(n, inputs.size());
  EXPECT_EQ(input_mismatches, 0u);
  EXPECT_EQ(target_mismatches, 0u);
}

TEST(T5Tokenizer, KeepsSpecialTokensWhenAsked) {
  // transformers' T5Tokenizer.convert_tokens_to_string: each special token
  // followed by a space, the whole stripped.
  EXPECT_EQ(t5().decode({1099, 4, 67, 569, 1}, false), "<extra_id_0> entailment</s>");
  EXPECT_EQ(t5().decode({11, 1, 60, 0, 0}, false), "a</s> b<pad> <pad>");
  EXPECT_EQ(t5().decode({11, 2, 60}, true), "a b");
}

TEST(T5Tokenizer, PairsAndTruncation) {
  Ids a = t5().encode_text("a b c d"), b = t5().encode_text("x");
  Ids pair = a;
  pair.push_back(1);
  pair.insert(pair.end(), b.begin(), b.end());
  pair.push_back(1);
  EXPECT_EQ(t5().encode_pair("a b c d", "x"), pair);
  // longest_first: the longer side loses tokens until the pair fits.
  EXPECT_EQ(t5().encode_pair("a b c d", "x", 5).size(), 5u);
  EXPECT_EQ(t5().encode_pair("a b c d", "x", 5).back(), 1);
  // An explicit </s> at the end is not doubled.
  EXPECT_EQ(t5().encode("a</s>"), (Ids{11, 1}));
  EXPECT_EQ(t5().encode(""), Ids{1});
}

TEST(T5Tokenizer, ReadsExtraIdsFromTokenizerConfig) {
  auto dir = t5_dir_with("extra10", "tokenizer_config.json", R"({"extra_ids": 10})");
  T5Tokenizer tokenizer(dir);
  EXPECT_EQ(tokenizer.vocab_size(), 1010);
  EXPECT_EQ(tokenizer.encode_text("<extra_id_0>"), Ids{1009});
  EXPECT_EQ(tokenizer.encode_text("<extra_id_9>"), Ids{1000});
  EXPECT_FALSE(tokenizer.is_special(1000 - 1));
}

TEST(T5Tokenizer, AppendsAdditionalSpecialTokensMissingFromTheVocabulary) {
  nlohmann::json config;
  std::vector<std::string> additional;
  for (int i = 0; i < 100; ++i) additional.push_back("<extra_id_" + std::to_string(i) + ">");
  additional.push_back("<new>");
  config["additional_special_tokens"] = additional;
  auto dir = t5_dir_with("added", "special_tokens_map.json", config.dump());
  T5Tokenizer tokenizer(dir);
  EXPECT_EQ(tokenizer.vocab_size(), 1101);
  EXPECT_EQ(tokenizer.encode_text("a <new> b"), (Ids{11, 1100, 60}));
  EXPECT_EQ(tokenizer.decode({11, 1100, 60}), "a b");
  EXPECT_EQ(tokenizer.decode({11, 1100, 60}, false), "a <new> b");
}

TEST(T5Tokenizer, RejectsExtraIdsThatDisagreeWithTheTokenList) {
  auto dir = t5_dir_with("mismatch", "tokenizer_config.json",
                         R"({"extra_ids": 3, "additional_special_tokens": ["<extra_id_0>"]})");
  try {
    T5Tokenizer tokenizer(dir);
    FAIL() << "expected InputError";
  } catch (const mcplm::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("tokenizer_config.json"), std::string::npos) << e.what();
  }
}

TEST(T5Tokenizer, DecodesIdsBeyondTheTokenizerAsTransformersDoes) {
  // A model's embedding can be larger than the tokenizer (t5: 32128 rows for
  // 32100 ids). transformers 4.19: _convert_id_to_token(1100) ==
  // "<extra_id_-1>", no special token, decoded by DecodePieces as itself.
  EXPECT_EQ(t5().id_to_piece(11) + t5().id_to_piece(60), "\u2581a\u2581b");
  EXPECT_EQ(t5().decode({11, 1100, 60, 1}), "a<extra_id_-1> b");
  EXPECT_EQ(t5().decode({1127, 1}, false), "<extra_id_-28></s>");
  EXPECT_EQ(t5().decode({11, 60}), "a b");
}

TEST(T5Tokenizer, RejectsIdsOutsideTheVocabulary) {
  EXPECT_THROW(t5().decode({-1}), mcplm::InputError);
  EXPECT_THROW(t5().id_to_piece(5000), mcplm::InputError);
}
