// Bad tokenizer files give one-line InputErrors naming the file.
#include <fstream>

#include "mcplm/core/error.h"
#include "mcplm/text/byte_level_bpe.h"
#include "mcplm/text/special_tokens.h"
#include "mcplm/text/t5_tokenizer.h"
#include "mcplm/text/tokenizer.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace {

// The InputError `load` throws; fails the test when it throws none.
template <typename F>
mcplm::InputError input_error(F load) {
  try {
    load();
  } catch (const mcplm::InputError& e) {
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    return e;
  }
  ADD_FAILURE() << "expected an InputError";
  return mcplm::InputError("none");
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

// A copy of roberta-tiny's tokenizer files with `file` replaced by `text`.
fs::path bpe_dir_with(const std::string& name, const std::string& file, const std::string& text) {
  fs::path dir = mcplm::test::temp_dir(name);
  for (const char* f : {"vocab.json", "merges.txt"})
    fs::copy_file(mcplm::test::fixtures() / "roberta-tiny" / f, dir / f);
  write(dir / file, text);
  return dir;
}

}  // namespace

TEST(TokenizerErrors, MissingSpieceModel) {
  fs::path dir = mcplm::test::temp_dir("empty");
  auto e = input_error([&] { mcplm::T5Tokenizer tokenizer(dir); });
  EXPECT_EQ(e.file(), (dir / "spiece.model").string());
  auto none = input_error([&] { mcplm::load_tokenizer(dir); });
  EXPECT_EQ(none.file(), dir.string());
}

TEST(TokenizerErrors, CorruptSpieceModel) {
  fs::path dir = mcplm::test::temp_dir("corrupt");
  write(dir / "spiece.model", "this is not a protobuf \x01\x02\x03");
  auto e = input_error([&] { mcplm::load_tokenizer(dir); });
  EXPECT_EQ(e.file(), (dir / "spiece.model").string());
  EXPECT_NE(std::string(e.what()).find("SentencePiece"), std::string::npos) << e.what();
}

TEST(TokenizerErrors, TruncatedSpieceModel) {
  fs::path dir = mcplm::test::temp_dir("truncated");
  std::ifstream in(mcplm::test::fixtures() / "t5-tiny" / "spiece.model", std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  write(dir / "spiece.model", bytes.substr(0, bytes.size() / 2));
  auto e = input_error([&] { mcplm::load_tokenizer(dir); });
  EXPECT_EQ(e.file(), (dir / "spiece.model").string());
}

// SentencePiece would search the trie of these rules outside its array.
TEST(TokenizerErrors, SpieceModelWhoseNormalizationTriePointsOutsideItself) {
  std::ifstream in(mcplm::test::fixtures() / "t5-tiny" / "spiece.model", std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  // normalizer_spec.precompiled_charsmap starts at byte 15025 with the trie's
  // size (177152 = 0x2B400, little-endian); the trie's root unit follows.
  ASSERT_EQ(bytes.substr(15025, 4), std::string("\x00\xb4\x02\x00", 4));
  bytes.replace(15029, 4, std::string("\x00\xfc\xff\x7f", 4));  // root offset 0x1FFFFF
  fs::path dir = mcplm::test::temp_dir("trie");
  write(dir / "spiece.model", bytes);
  auto e = input_error([&] { mcplm::load_tokenizer(dir); });
  EXPECT_EQ(e.file(), (dir / "spiece.model").string());
  EXPECT_NE(std::string(e.what()).find("normalizer_spec.precompiled_charsmap is corrupted: the "
                                       "normalization trie points outside itself (node 0)"),
            std::string::npos)
      << e.what();
}

TEST(TokenizerErrors, VocabJsonNotAnObject) {
  fs::path dir = bpe_dir_with("array", "vocab.json", "[1, 2, 3]");
  auto e = input_error([&] { mcplm::load_tokenizer(dir); });
  EXPECT_EQ(e.file(), (dir / "vocab.json").string());
  fs::path bad = bpe_dir_with("badjson", "vocab.json", "{\"a\": ");
  EXPECT_EQ(input_error([&] { mcplm::load_tokenizer(bad); }).file(), (bad / "vocab.json").string());
  fs::path id = bpe_dir_with("badid", "vocab.json", R"({"a": "zero"})");
  EXPECT_EQ(input_error([&] { mcplm::load_tokenizer(id); }).file(), (id / "vocab.json").string());
}

TEST(TokenizerErrors, MergeLineThatIsNotTwoTokens) {
  fs::path dir = bpe_dir_with("merges", "merges.txt", "#version: 0.2\nĠ t\nĠ a b\n");
  auto e = input_error([&] { mcplm::load_tokenizer(dir); });
  EXPECT_EQ(e.file(), (dir / "merges.txt").string());
  EXPECT_EQ(e.line(), 3u);
  fs::path single = bpe_dir_with("single", "merges.txt", "#version: 0.2\nĠ\n");
  EXPECT_EQ(input_error([&] { mcplm::load_tokenizer(single); }).line(), 2u);
}

TEST(TokenizerErrors, MissingMerges) {
  fs::path dir = bpe_dir_with("nomerges", "merges.txt", "");
  fs::remove(dir / "merges.txt");
  EXPECT_EQ(input_error([&] { mcplm::load_tokenizer(dir); }).file(), (dir / "merges.txt").string());
}

TEST(SpecialTokens, CleansUpTokenizationSpaces) {
  EXPECT_EQ(mcplm::clean_up_tokenization("I do n't , he 's here . ok ?"),
            "I don't, he's here. ok?");
}
