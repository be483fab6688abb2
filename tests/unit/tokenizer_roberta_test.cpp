// RobertaTokenizer / GPT-2 byte-level BPE parity with transformers 4.19
// (fixtures/tokenize_roberta.json, ../shared/bpe/gpt2/reference_rte.json).
#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/text/byte_level_bpe.h"
#include "mcplm/text/roberta_tokenizer.h"
#include "mcplm/text/token_batch.h"
#include "test_util.h"

using Ids = std::vector<int64_t>;
namespace fs = std::filesystem;

namespace {

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

const mcplm::Tokenizer& roberta() {
  static auto tokenizer = mcplm::load_tokenizer(mcplm::test::fixtures() / "roberta-tiny");
  return *tokenizer;
}

}  // namespace

TEST(RobertaTokenizer, CasesMatchTransformers) {
  auto expected = read_json(mcplm::test::fixtures() / "tokenize_roberta.json");
  EXPECT_EQ(roberta().vocab_size(), expected["vocab_size"].get<int64_t>());
  EXPECT_EQ(roberta().pad_id(), 1);
  EXPECT_EQ(roberta().eos_id(), 2);
  for (const auto& c : expected["cases"]) {
    std::string text = c["text"];
    Ids ids = c["input_ids"];
    EXPECT_EQ(roberta().encode(text), ids) << text;
    EXPECT_EQ(roberta().decode(ids), c["decoded"].get<std::string>()) << text;
  }
}

TEST(RobertaTokenizer, PairsMatchTransformers) {
  auto expected = read_json(mcplm::test::fixtures() / "tokenize_roberta.json");
  for (const auto& c : expected["pairs"])
    EXPECT_EQ(roberta().encode_pair(c["text_a"], c["text_b"], c["max_length"].get<std::size_t>()),
              c["input_ids"].get<Ids>());
  const auto& t = expected["pair_truncated"];
  ASSERT_EQ(t["truncation"], "longest_first");
  EXPECT_EQ(roberta().encode_pair(t["text_a"], t["text_b"], t["max_length"].get<std::size_t>()),
            t["input_ids"].get<Ids>());
}

TEST(RobertaTokenizer, PairBatchPadsWithThePadId) {
  auto batch = mcplm::encode_pair_batch(roberta(), {"Hello world!", "a"}, {"x", "b"}, 0,
                                        mcplm::Padding::longest);
  ASSERT_EQ(batch.rows, 2);
  int64_t width = batch.width;
  EXPECT_EQ(batch.input_ids[width + width - 1], 1);
  EXPECT_EQ(batch.attention_mask[width + width - 1], 0);
  EXPECT_EQ(batch.attention_mask[width - 1], 1);
}

TEST(RobertaTokenizer, SpecialTokensAreNeverSplit) {
  const auto& t = roberta();
  EXPECT_EQ(t.encode_text("<s></s><pad><unk><mask>"), (Ids{0, 2, 1, 3, 3260}));
  // `<mask>` eats the whitespace on its left; the others keep it.
  EXPECT_EQ(t.encode_text("Hello <mask>"), t.encode_text("Hello<mask>"));
  EXPECT_NE(t.encode_text("Hello <s>"), t.encode_text("Hello<s>"));
  EXPECT_EQ(t.decode({0, 43, 699, 82, 2}, false), "<s>Hello</s>");
  EXPECT_EQ(t.id_to_piece(999), "Ġworld");
}

TEST(RobertaTokenizer, DecodesBrokenUtf8AsReplacementCharacters) {
  const auto& t = roberta();
  Ids naive = t.encode_text("naïve");  // "ï" is two byte tokens in the 3000-merge vocabulary
  ASSERT_EQ(naive, (Ids{2620, 131, 111, 307}));
  EXPECT_EQ(t.decode(naive), "naïve");
  EXPECT_EQ(t.decode({2620, 131}), "na\xEF\xBF\xBD");
}

TEST(RobertaTokenizer, RejectsTextThatIsNotUtf8) {
  EXPECT_THROW(roberta().encode("ab\xFF"), mcplm::InputError);
  EXPECT_THROW(roberta().decode({5000}), mcplm::InputError);
}

TEST(ByteLevelBpe, FullGpt2VocabularyMatchesTransformers) {
  fs::path dir = mcplm::test::shared_dir() / "bpe" / "gpt2";
  MCPLM_REQUIRE_SHARED(dir / "reference_rte.json");
  auto expected = read_json(dir / "reference_rte.json");
  mcplm::ByteLevelBpe bpe(dir / "encoder.json", dir / "vocab.bpe");
  EXPECT_EQ(bpe.size(), 50257);
  std::vector<std::string> texts = expected["texts"];
  std::vector<Ids> ids = expected["input_ids"];
  ASSERT_EQ(texts.size(), ids.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Ids got;
    bpe.encode(texts[i], -1, got);
    mismatches += got != ids[i];
    EXPECT_EQ(got, ids[i]) << texts[i];
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(ByteLevelBpe, Gpt2FilesLoadAsARobertaStyleTokenizer) {
  fs::path dir = mcplm::test::shared_dir() / "bpe" / "gpt2";
  MCPLM_REQUIRE_SHARED(dir / "encoder.json");
  auto tokenizer = mcplm::load_tokenizer(dir);
  // GPT-2 has none of RoBERTa's special tokens: they follow its 50257 tokens.
  EXPECT_EQ(tokenizer->encode("Hello"), (Ids{50257, 15496, 50258}));
  EXPECT_EQ(tokenizer->pad_id(), 50259);
  EXPECT_EQ(tokenizer->encode_text("<mask>"), Ids{50260});
  EXPECT_EQ(tokenizer->vocab_size(), 50262);
  EXPECT_EQ(tokenizer->decode({50257, 15496, 50258}, false), "<s> Hello </s>");
}
