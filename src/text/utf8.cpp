#include "mcplm/text/utf8.h"

#include <algorithm>

namespace mcplm {
namespace {

bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

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

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char b = byte(i);
    if (b < 0x80) {
      ++i;
      continue;
    }
    int extra;
    char32_t min;
    if (b >= 0xC2 && b <= 0xDF) {
      extra = 1, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
      extra = 2, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
      extra = 3, min = 0x10000;
    } else {
      return i;
    }
    if (i + extra >= text.size()) return i;
    char32_t c = b & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return i;
      c = (c << 6) | (byte(i + k) & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return i;
    i += extra + 1;
  }
  return std::nullopt;
}

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
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

}  // namespace mcplm
