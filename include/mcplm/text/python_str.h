// Python `str` semantics on UTF-8 text, for the places where the original's
// Python behaviour decides a result: reading task files (`line.strip()`),
// `--do-lowercase`, and the metrics (`lower()`, `split()`, `float()`).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcplm {

// Byte offset of the first invalid UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are invalid), or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Number of code points of valid UTF-8 text.
std::size_t utf8_length(std::string_view text);

// str.isspace() for one code point.
bool py_isspace(char32_t c);

// str.strip(): drops leading and trailing white space.
std::string py_strip(std::string_view text);

// str.split() without arguments: fields separated by runs of white space.
std::vector<std::string> py_split(std::string_view text);

// str.lower(): Unicode lowercase mapping as Python 3.11 does it, except that
// a capital sigma always becomes σ (Python writes ς at the end of a word).
std::string py_lower(std::string_view text);

// float(text): decimal and exponent forms, "inf"/"infinity"/"nan" in any case,
// an optional sign, digits grouped by single underscores, surrounding white
// space. nullopt where Python raises ValueError.
std::optional<double> py_float(std::string_view text);

}  // namespace mcplm
