// Python `str` semantics on UTF-8 text, for the places where the original's
// (or transformers') Python behaviour decides a result: reading task files
// (`line.strip()`), `--do-lowercase`, the metrics (`lower()`, `split()`,
// `float()`) and the tokenizers' stripping around special tokens.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcplm {

// str.isspace() for one code point.
bool py_isspace(char32_t c);

// str.lstrip() / str.rstrip() / str.strip(): drop the characters for which
// str.isspace() is true. Bytes that are not UTF-8 are kept, never spaces.
std::string_view py_lstrip(std::string_view text);
std::string_view py_rstrip(std::string_view text);
inline std::string_view py_strip(std::string_view text) { return py_lstrip(py_rstrip(text)); }

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
