#include "mcplm/core/error.h"

namespace mcplm {

std::string format_location(const std::string& file, std::size_t line, const std::string& what) {
  if (file.empty()) return what;
  if (line == 0) return file + ": " + what;
  return file + ":" + std::to_string(line) + ": " + what;
}

InputError::InputError(std::string file, std::size_t line, const std::string& what)
    : std::runtime_error(format_location(file, line, what)), file_(std::move(file)), line_(line) {}

}  // namespace mcplm
