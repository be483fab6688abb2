#include "mcplm/connect/path_record.h"

#include <fmt/format.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

nlohmann::json split_json(const SplitEval& s) {
  return {{"performance", s.performance}, {"loss", s.loss}, {"scores", s.scores}};
}

SplitEval split_from_json(const nlohmann::json& j) {
  return {j.at("performance").get<double>(), j.at("loss").get<double>(),
          j.at("scores").get<std::vector<double>>()};
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
  if (n < 2) throw InputError(fmt::format("--points must be at least 2 (got {})", n));
  std::vector<double> xs;
  const double step = 1.0 / (n - 1);
  for (int i = 0; i < n; ++i) xs.push_back(round3(i == n - 1 ? 1.0 : i * step));
  return xs;
}

}  // namespace mcplm
