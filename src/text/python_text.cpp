#include "mcplm/text/python_text.h"

#include <array>
#include <utility>

namespace mcplm {
namespace {

// The code points for which Python's str.isspace() is true (bidirectional
// type WS, B or S, or category Zs).
bool is_python_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// The code point starting at `text[i]` and its length in bytes; a byte that
// does not start a character reads as itself (never a space).
std::pair<char32_t, std::size_t> code_point_at(std::string_view text, std::size_t i) {
  auto b = static_cast<unsigned char>(text[i]);
  std::size_t length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (i + length > text.size()) return {b, 1};
  char32_t c = length == 1 ? b : b & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    auto next = static_cast<unsigned char>(text[i + k]);
    if (!is_continuation(next)) return {b, 1};
    c = (c << 6) | (next & 0x3F);
  }
  return {c, length};
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), or 0
// with `*valid_prefix` set to the length of its longest well-formed prefix.
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t i, std::size_t* valid_prefix) {
  auto b = static_cast<unsigned char>(bytes[i]);
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) {
    length = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    length = 3;
    if (b == 0xE0) low = 0xA0;
    if (b == 0xED) high = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    length = 4;
    if (b == 0xF0) low = 0x90;
    if (b == 0xF4) high = 0x8F;
  } else {
    *valid_prefix = 1;
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (i + k >= bytes.size()) {
      *valid_prefix = k;
      return 0;
    }
    auto next = static_cast<unsigned char>(bytes[i + k]);
    bool ok = k == 1 ? (next >= low && next <= high) : is_continuation(next);
    if (!ok) {
      *valid_prefix = k;
      return 0;
    }
  }
  return length;
}

}  // namespace

std::string_view python_lstrip(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto [c, length] = code_point_at(text, i);
    if (!is_python_space(c)) break;
    i += length;
  }
  return text.substr(i);
}

std::string_view python_rstrip(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0) {
    std::size_t start = end - 1;
    while (start > 0 && end - start < 4 && is_continuation(static_cast<unsigned char>(text[start])))
      --start;
    auto [c, length] = code_point_at(text, start);
    if (start + length != end || !is_python_space(c)) break;
    end = start;
  }
  return text.substr(0, end);
}

std::string decode_utf8_replace(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t valid_prefix = 0;
    std::size_t length = utf8_sequence_length(bytes, i, &valid_prefix);
    if (length > 0) {
      out.append(bytes.substr(i, length));
      i += length;
    } else {
      append_utf8(out, 0xFFFD);
      i += valid_prefix;
    }
  }
  return out;
}

std::string clean_up_tokenization(std::string text) {
  static const std::array<std::pair<std::string_view, std::string_view>, 10> kReplacements{{
      {" .", "."},
      {" ?", "?"},
      {" !", "!"},
      {" ,", ","},
      {" ' ", "'"},
      {" n't", "n't"},
      {" 'm", "'m"},
      {" 's", "'s"},
      {" 've", "'ve"},
      {" 're", "'re"},
  }};
  for (const auto& [from, to] : kReplacements) {
    std::string out;
    out.reserve(text.size());
    std::size_t start = 0, found;
    while ((found = text.find(from, start)) != std::string::npos) {
      out.append(text, start, found - start);
      out.append(to);
      start = found + from.size();
    }
    out.append(text, start);
    text = std::move(out);
  }
  return text;
}

}  // namespace mcplm
