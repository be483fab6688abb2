#include "mcplm/text/tokenize_report.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"

namespace mcplm {

TokenizedText tokenize_text(const Tokenizer& tokenizer, const std::string& text,
                            const std::optional<std::string>& pair, std::size_t max_length) {
  TokenizedText result{text, pair, {}, {}, {}};
  result.ids =
      pair ? tokenizer.encode_pair(text, *pair, max_length) : tokenizer.encode(text, max_length);
  for (int64_t id : result.ids) result.pieces.push_back(tokenizer.id_to_piece(id));
  result.decoded = tokenizer.decode(result.ids);
  return result;
}

std::vector<int64_t> parse_ids(const std::string& text) {
  std::vector<int64_t> ids;
  std::size_t i = 0;
  auto is_separator = [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '[' || c == ']';
  };
  while (i < text.size()) {
    if (is_separator(text[i])) {
      ++i;
      continue;
    }
    int64_t id = 0;
    auto [end, error] = std::from_chars(text.data() + i, text.data() + text.size(), id);
    if (error != std::errc() || (end != text.data() + text.size() && !is_separator(*end)))
      throw InputError(fmt::format("--decode: \"{}\" is not a list of token ids", text));
    ids.push_back(id);
    i = end - text.data();
  }
  return ids;
}

std::string format_tokenized(const TokenizedText& tokenized) {
  return fmt::format("ids ({}): {}\npieces: {}\ndecoded: {}\n", tokenized.ids.size(),
                     fmt::join(tokenized.ids, " "), fmt::join(tokenized.pieces, " "),
                     tokenized.decoded);
}

nlohmann::json tokenized_json(const TokenizedText& tokenized) {
  nlohmann::json out;
  out["text"] = tokenized.text;
  if (tokenized.pair) out["pair"] = *tokenized.pair;
  out["ids"] = tokenized.ids;
  out["pieces"] = tokenized.pieces;
  out["decoded"] = tokenized.decoded;
  return out;
}

}  // namespace mcplm
