// The few Python string behaviours that transformers' tokenizers rely on and
// that must be matched byte for byte.
#pragma once
#include <string>
#include <string_view>

namespace mcplm {

// str.lstrip() / str.rstrip() on UTF-8: drops the characters for which
// Python's str.isspace() is true.
std::string_view python_lstrip(std::string_view text);
std::string_view python_rstrip(std::string_view text);
inline std::string_view python_strip(std::string_view text) {
  return python_lstrip(python_rstrip(text));
}

// bytes.decode("utf-8", errors="replace"): each maximal ill-formed subpart
// becomes one U+FFFD.
std::string decode_utf8_replace(std::string_view bytes);

// transformers' clean_up_tokenization: " ." -> "." and the like, " n't",
// " 's", ... glued back to their word.
std::string clean_up_tokenization(std::string text);

}  // namespace mcplm
