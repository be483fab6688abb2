// One field of a CSV row, quoted as RFC 4180 (and Python's csv module) do.
#pragma once
#include <string>

namespace mcplm {

// `text` as is, or in double quotes with its quotes doubled when it holds a
// comma, a quote or a line break.
std::string csv_field(const std::string& text);

}  // namespace mcplm
