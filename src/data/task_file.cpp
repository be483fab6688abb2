#include "mcplm/data/task_file.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <string_view>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/text/python_str.h"
#include "mcplm/text/utf8.h"

namespace mcplm {
namespace {

std::string read_bytes(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) throw InputError(path.string(), 0, "missing file");
  require_regular_file(path);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw InputError(path.string(), 0, "cannot read file");
  return bytes.str();
}

// Lines of `text` without their endings ("\n", "\r\n" or "\r", as Python's
// universal newlines); a final ending does not start another line.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  return lines;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    std::size_t tab = line.find('\t', start);
    fields.push_back(
        line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

// The problem with one line, or "" when it is good; fills `example`.
std::string parse_line(std::string_view raw, Example& example) {
  if (auto bad = find_invalid_utf8(raw))
    return fmt::format("invalid UTF-8 (byte 0x{:02X} at column {})",
                       static_cast<unsigned char>(raw[*bad]), *bad + 1);
  std::string line(py_strip(raw));
  if (line.empty()) return "empty line (expected input<TAB>answer)";
  std::vector<std::string> fields = split_tabs(line);
  if (fields.size() == 1) {
    // strip() ate a leading or trailing tab, or there was none.
    std::size_t tab = raw.find('\t');
    if (tab == std::string_view::npos) return "no tab (expected input<TAB>answer)";
    return py_strip(raw.substr(0, tab)).empty() ? "empty input before the tab" : "empty answer";
  }
  if (py_strip(fields[0]).empty()) return "empty input before the tab";
  for (std::size_t k = 1; k < fields.size(); ++k)
    if (py_strip(fields[k]).empty())
      return fields.size() == 2 ? "empty answer" : fmt::format("answer {} is empty", k);
  example.input = std::move(fields[0]);
  example.answers.assign(std::make_move_iterator(fields.begin() + 1),
                         std::make_move_iterator(fields.end()));
  return "";
}

}  // namespace

TaskFile read_task_file(const std::filesystem::path& path) {
  const std::string bytes = read_bytes(path);
  TaskFile file{path, {}};
  std::vector<std::string_view> lines = split_lines(bytes);
  if (lines.empty()) throw InputError(path.string(), 0, "no lines");
  file.examples.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Example example;
    example.line = i;
    std::string problem = parse_line(lines[i], example);
    if (!problem.empty()) throw InputError(path.string(), i + 1, problem);
    file.examples.push_back(std::move(example));
  }
  return file;
}

}  // namespace mcplm
