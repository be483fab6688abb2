// What `mcplm tokenize` shows: the ids a text becomes, their pieces and the
// text decoded back, as plain lines or JSON.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mcplm/text/tokenizer.h"

namespace mcplm {

struct TokenizedText {
  std::string text;
  std::optional<std::string> pair;
  std::vector<int64_t> ids;         // with special tokens, truncated
  std::vector<std::string> pieces;  // one per id
  std::string decoded;              // decode(ids, skip_special_tokens)
};

// `text` (and `pair`) through `tokenizer` exactly as training encodes them.
TokenizedText tokenize_text(const Tokenizer& tokenizer, const std::string& text,
                            const std::optional<std::string>& pair, std::size_t max_length);

// Ids written as "1 2 3", "1,2,3" or "[1, 2, 3]"; InputError otherwise.
std::vector<int64_t> parse_ids(const std::string& text);

std::string format_tokenized(const TokenizedText& tokenized);
nlohmann::json tokenized_json(const TokenizedText& tokenized);

}  // namespace mcplm
