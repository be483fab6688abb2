// UTF-8 mechanics shared by the data readers and the tokenizers.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mcplm {

// Byte offset of the first invalid UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are invalid), or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Number of code points of valid UTF-8 text.
std::size_t utf8_length(std::string_view text);

// Appends the UTF-8 encoding of one code point.
void append_utf8(std::string& out, char32_t c);

// bytes.decode("utf-8", errors="replace"): each maximal ill-formed subpart
// becomes one U+FFFD.
std::string decode_utf8_replace(std::string_view bytes);

}  // namespace mcplm
