#include "mcplm/text/python_str.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>

namespace mcplm {
namespace {

struct LowercaseRun {
  char32_t first, last;
  int stride, delta;
};
constexpr LowercaseRun kLowercaseRuns[] = {
#include "python_lowercase_table.inc"
};

char32_t lower_code_point(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  auto run = std::upper_bound(std::begin(kLowercaseRuns), std::end(kLowercaseRuns), c,
                              [](char32_t v, const LowercaseRun& r) { return v < r.first; });
  if (run == std::begin(kLowercaseRuns)) return c;
  --run;
  if (c > run->last || (c - run->first) % run->stride != 0) return c;
  return static_cast<char32_t>(static_cast<int64_t>(c) + run->delta);
}

// Decodes the code point at text[i] (valid UTF-8 assumed), advancing i.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) return text[i++];
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
  char32_t c = b & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) c = (c << 6) | (byte(i + k) & 0x3F);
  i += extra + 1;
  return c;
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

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Copies digit (["_"] digit)* from text[i] into out without the underscores;
// false when there is no digit or an underscore is not between two digits.
bool take_digits(std::string_view text, std::size_t& i, std::string& out) {
  if (i >= text.size() || !is_digit(text[i])) return false;
  while (i < text.size()) {
    if (is_digit(text[i])) {
      out += text[i++];
    } else if (text[i] == '_' && i + 1 < text.size() && is_digit(text[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x + 32 : x) == y;
         });
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

bool py_isspace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

std::string py_strip(std::string_view text) {
  std::size_t begin = text.size(), end = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t start = i;
    if (!py_isspace(next_code_point(text, i))) {
      begin = std::min(begin, start);
      end = i;
    }
  }
  return begin < end ? std::string(text.substr(begin, end - begin)) : std::string();
}

std::vector<std::string> py_split(std::string_view text) {
  std::vector<std::string> fields;
  std::string current;
  bool in_field = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t start = i;
    if (py_isspace(next_code_point(text, i))) {
      if (in_field) fields.push_back(std::move(current)), current.clear();
      in_field = false;
    } else {
      current.append(text.substr(start, i - start));
      in_field = true;
    }
  }
  if (in_field) fields.push_back(std::move(current));
  return fields;
}

std::string py_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = next_code_point(text, i);
    if (c == 0x130) {  // İ lowercases to i + combining dot above
      out += 'i';
      append_utf8(out, 0x307);
    } else {
      append_utf8(out, lower_code_point(c));
    }
  }
  return out;
}

std::optional<double> py_float(std::string_view raw) {
  std::string stripped = py_strip(raw);
  std::string_view text = stripped;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  double sign = negative ? -1.0 : 1.0;
  if (iequals(text, "inf") || iequals(text, "infinity"))
    return sign * std::numeric_limits<double>::infinity();
  if (iequals(text, "nan")) return std::numeric_limits<double>::quiet_NaN();

  std::string clean;
  std::size_t i = 0;
  bool integer_part = take_digits(text, i, clean);
  bool fraction_part = false;
  if (i < text.size() && text[i] == '.') {
    clean += text[i++];
    fraction_part = take_digits(text, i, clean);
  }
  if (!integer_part && !fraction_part) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    clean += text[i++];
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) clean += text[i++];
    if (!take_digits(text, i, clean)) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  double value = 0;
  auto [end, error] = std::from_chars(clean.data(), clean.data() + clean.size(), value);
  if (error == std::errc::result_out_of_range) {
    value = std::strtod(clean.c_str(), nullptr);  // Python: inf on overflow, 0 on underflow
  } else if (error != std::errc() || end != clean.data() + clean.size()) {
    return std::nullopt;
  }
  return sign * value;
}

}  // namespace mcplm
