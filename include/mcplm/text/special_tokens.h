// Special tokens as transformers' slow tokenizers treat them: found in the
// text before the model's own tokenisation and never split, whitespace next
// to them stripped as each token asks, skipped or kept apart when decoding.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mcplm {

struct SpecialToken {
  std::string text;
  int64_t id = 0;
  // Eats the whitespace on its left / right. transformers strips both sides
  // of special tokens given as plain strings (T5), and follows the
  // AddedToken flags otherwise (RoBERTa: only `<mask>` eats its left side).
  bool lstrip = true;
  bool rstrip = true;
  // Not in the model's own vocabulary: an id appended after it.
  bool added = false;
};

// A piece of text between special tokens, or one special token (id >= 0).
struct TextChunk {
  std::string_view text;
  int64_t special_id = -1;
};

class SpecialTokens {
 public:
  SpecialTokens() = default;
  explicit SpecialTokens(std::vector<SpecialToken> tokens);

  // `text` cut at special tokens (leftmost, longest first), neighbours
  // stripped as the tokens ask; pieces stripped to nothing are dropped.
  std::vector<TextChunk> split(std::string_view text) const;

  bool contains(int64_t id) const { return by_id_.count(id) > 0; }
  // The special token with `id`, nullptr when there is none.
  const SpecialToken* find(int64_t id) const;
  const std::vector<SpecialToken>& tokens() const { return tokens_; }

  // transformers' decode: drops special ids when `skip_special_tokens`,
  // turns runs of other ids into text with `decode_run`, keeps each added
  // token as its own piece, joins the pieces with spaces, and finally applies
  // clean_up_tokenization when asked.
  std::string decode(
      const std::vector<int64_t>& ids, bool skip_special_tokens, bool clean_up_tokenization_spaces,
      const std::function<std::string(const std::vector<int64_t>&)>& decode_run) const;

 private:
  std::vector<SpecialToken> tokens_;
  std::unordered_map<int64_t, std::size_t> by_id_;  // id -> index in tokens_
  bool starts_token_[256] = {};                     // first bytes of the tokens
};

// transformers' clean_up_tokenization: " ." -> "." and the like, " n't",
// " 's", ... glued back to their word.
std::string clean_up_tokenization(std::string text);

}  // namespace mcplm
