#include "mcplm/report/py_format.h"

#include <fmt/format.h>

#include <cmath>

namespace mcplm {

std::string py_float(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  const double magnitude = std::fabs(value);
  // Python switches to exponent notation below 1e-4 and from 1e16 on.
  if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    // fmt's "{}" gives the shortest digits, in exponent form at these magnitudes.
    std::string s = fmt::format("{}", value);
    auto e = s.find('e');
    if (e == std::string::npos) return s;
    std::string mantissa = s.substr(0, e), exponent = s.substr(e + 1);
    char sign = exponent[0] == '-' ? '-' : '+';
    if (exponent[0] == '-' || exponent[0] == '+') exponent.erase(0, 1);
    if (exponent.size() < 2) exponent.insert(0, "0");
    return mantissa + "e" + sign + exponent;
  }
  std::string s = fmt::format("{}", value);
  if (s.find('e') != std::string::npos) {  // fmt chose exponent form; force fixed digits
    s = fmt::format("{:f}", value);
    while (!s.empty() && s.back() == '0') s.pop_back();
  }
  if (s.find('.') == std::string::npos) s += ".0";
  if (s.back() == '.') s += "0";
  return s;
}

std::string fixed4(double value) { return fmt::format("{:.4f}", value); }

}  // namespace mcplm
