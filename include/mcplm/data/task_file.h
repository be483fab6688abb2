// One task file: `input<TAB>answer1[<TAB>answer2…]` per line, no header.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace mcplm {

struct Example {
  std::size_t line = 0;              // line number in its file, from 0
  std::string input;                 // text before the first tab
  std::vector<std::string> answers;  // one or more, none empty
};

struct TaskFile {
  std::filesystem::path path;
  std::vector<Example> examples;  // in file order
};

// Reads a task file as the original does (`line.strip().split("\t")`, with
// "\n", "\r\n" and "\r" ending lines). InputError(file, line) on the first bad
// line: invalid UTF-8, an empty line, no tab, an empty input or answer; and
// InputError(file) when the file is missing or has no lines.
TaskFile read_task_file(const std::filesystem::path& path);

}  // namespace mcplm
