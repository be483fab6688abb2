#include "mcplm/text/python_str.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <utility>

#include "mcplm/text/utf8.h"

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

// The code point at text[i], advancing i past it.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto [c, length] = code_point_at(text, i);
  i += length;
  return c;
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

bool py_isspace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

std::string_view py_lstrip(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto [c, length] = code_point_at(text, i);
    if (!py_isspace(c)) break;
    i += length;
  }
  return text.substr(i);
}

std::string_view py_rstrip(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0) {
    std::size_t start = end - 1;
    while (start > 0 && end - start < 4 && is_continuation(static_cast<unsigned char>(text[start])))
      --start;
    auto [c, length] = code_point_at(text, start);
    if (start + length != end || !py_isspace(c)) break;
    end = start;
  }
  return text.substr(0, end);
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
  std::string_view text = py_strip(raw);
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
