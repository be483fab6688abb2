#include "mcplm/connect/path_record.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

// JSON has no NaN or infinity: a non-finite value is written as null and
// read back as NaN (a loss that overflowed stays not-a-number).
nlohmann::json number_json(double v) { return std::isfinite(v) ? nlohmann::json(v) : nullptr; }

double number_from_json(const nlohmann::json& j) {
  return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>();
}

nlohmann::json split_json(const SplitEval& s) {
  nlohmann::json scores = nlohmann::json::array();
  for (double v : s.scores) scores.push_back(number_json(v));
  return {{"performance", number_json(s.performance)},
          {"loss", number_json(s.loss)},
          {"scores", scores}};
}

SplitEval split_from_json(const nlohmann::json& j) {
  std::vector<double> scores;
  for (const auto& v : j.at("scores").get<std::vector<nlohmann::json>>())
    scores.push_back(number_from_json(v));
  return {number_from_json(j.at("performance")), number_from_json(j.at("loss")), scores};
}

// Python's round(v, 3): correctly rounded through the decimal expansion.
double round3(double v) { return std::strtod(fmt::format("{:.3f}", v).c_str(), nullptr); }

}  // namespace

nlohmann::json to_json(const PointRecord& record) {
  nlohmann::json j = {{"x", record.x}};
  if (record.dev) j["dev"] = split_json(*record.dev);
  if (record.test) j["test"] = split_json(*record.test);
  return j;
}

PointRecord point_from_json(const nlohmann::json& j, const std::string& file, std::size_t line) {
  try {
    PointRecord r;
    r.x = j.at("x").get<double>();
    if (j.contains("dev")) r.dev = split_from_json(j["dev"]);
    if (j.contains("test")) r.test = split_from_json(j["test"]);
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file, line, std::string("not a point record: ") + e.what());
  }
}

std::vector<double> interpolation_points(int n) {
  if (n < 2 || n > kMaxInterpolationPoints)
    throw InputError(
        fmt::format("--points must be an integer in [2, {}] (got {}): x is rounded to "
                    "3 decimals",
                    kMaxInterpolationPoints, n));
  std::vector<double> xs;
  const double step = 1.0 / (n - 1);
  for (int i = 0; i < n; ++i) xs.push_back(round3(i == n - 1 ? 1.0 : i * step));
  return xs;
}

}  // namespace mcplm
