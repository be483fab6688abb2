#include "ranges.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace mcplm::cli {

namespace {

// "greater than 0", "at least 0", "in (0, 10]", "in [0, 1]".
std::string real_range_words(double lo, bool lo_open, double hi) {
  if (hi == std::numeric_limits<double>::max())
    return fmt::format("{} {}", lo_open ? "greater than" : "at least", lo);
  return fmt::format("in {}{}, {}]", lo_open ? "(" : "[", lo, hi);
}

bool parse_integer(const std::string& text, int64_t& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  value = std::strtoll(text.c_str(), &end, 10);
  return errno == 0 && *end == '\0';
}

bool parse_real(const std::string& text, double& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return *end == '\0';
}

}  // namespace

CLI::Validator integer_in(int64_t lo, int64_t hi) {
  const std::string words = hi == std::numeric_limits<int32_t>::max()
                                ? fmt::format("an integer >= {}", lo)
                                : fmt::format("an integer in [{}, {}]", lo, hi);
  return CLI::Validator(
      [lo, hi, words](std::string& text) -> std::string {
        int64_t value = 0;
        if (!parse_integer(text, value) || value < lo || value > hi)
          return fmt::format("must be {} (got {})", words, text);
        return {};
      },
      words);
}

CLI::Validator positive_integer(int64_t hi) { return integer_in(1, hi); }

CLI::Validator non_negative_integer(int64_t hi) { return integer_in(0, hi); }

namespace {

CLI::Validator real_in(double lo, bool lo_open, double hi) {
  const std::string words = "a finite number " + real_range_words(lo, lo_open, hi);
  return CLI::Validator(
      [lo, lo_open, hi, words](std::string& text) -> std::string {
        double value = 0;
        if (!parse_real(text, value) || !std::isfinite(value) || value < lo ||
            (lo_open && value == lo) || value > hi)
          return fmt::format("must be {} (got {})", words, text);
        return {};
      },
      words);
}

}  // namespace

CLI::Validator positive_real(double hi) { return real_in(0, true, hi); }

CLI::Validator non_negative_real(double hi) { return real_in(0, false, hi); }

CLI::Validator finite_real() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        if (!parse_real(text, value) || !std::isfinite(value))
          return fmt::format("must be a finite number (got {})", text);
        return {};
      },
      "a finite number");
}

}  // namespace mcplm::cli
