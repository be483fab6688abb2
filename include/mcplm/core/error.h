// Error types. An InputError is a user mistake (bad file, bad flag): the CLI
// prints it as one line and exits 2. Any other exception is a failure (exit 1).
#pragma once
#include <stdexcept>
#include <string>

namespace mcplm {

class InputError : public std::runtime_error {
 public:
  // `file` may be empty; `line` is 1-based, 0 when the problem has no line.
  InputError(std::string file, std::size_t line, const std::string& what);
  explicit InputError(const std::string& what) : InputError("", 0, what) {}

  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }

 private:
  std::string file_;
  std::size_t line_;
};

// Formats "file:line: what", "file: what" or "what".
std::string format_location(const std::string& file, std::size_t line, const std::string& what);

[[noreturn]] inline void throw_input_error(const std::string& file, std::size_t line,
                                           const std::string& what) {
  throw InputError(file, line, what);
}

}  // namespace mcplm
