#include "mcplm/train/forgetting_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/report/py_format.h"
#include "mcplm/train/training_dynamics.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

// zero_list of one point: example indices (numbers or numeric strings, as
// Python's int() reads them).
std::vector<int64_t> zero_list(const nlohmann::ordered_json& point, const std::string& x,
                               const std::string& file) {
  auto it = point.find("zero_list");
  if (!point.is_object() || it == point.end() || !it->is_array())
    throw InputError(file, 0, "point " + x + " has no zero_list");
  std::vector<int64_t> out;
  for (const auto& v : *it) {
    if (v.is_number_integer()) {
      out.push_back(v.get<int64_t>());
      continue;
    }
    try {
      std::size_t used = 0;
      const std::string s = v.is_string() ? v.get<std::string>() : "";
      out.push_back(std::stoll(s, &used));
      if (used != s.size()) throw std::invalid_argument(s);
    } catch (const std::logic_error&) {
      throw InputError(file, 0, "point " + x + ": zero_list holds " + v.dump());
    }
  }
  return out;
}

}  // namespace

std::string forgetting_report(const fs::path& cartography_file, const fs::path& analysis_file) {
  std::vector<ExampleDynamics> dynamics;
  for (const auto& t : read_cartography(cartography_file)) dynamics.push_back(example_dynamics(t));

  const std::string name = analysis_file.string();
  auto analysis = nlohmann::ordered_json::parse(read_file_bytes(analysis_file), nullptr, false);
  if (analysis.is_discarded() || !analysis.is_object())
    throw InputError(name, 0, "not an interpolation analysis file (a JSON object of points)");

  std::string out;
  std::string previous_x = "start";
  std::set<int64_t> previous;
  for (const auto& [x, point] : analysis.items()) {
    const std::vector<int64_t> current = zero_list(point, x, name);
    double acc = 0, conf = 0, var = 0, turns = 0;
    std::size_t count = 0;
    for (int64_t i : current) {
      if (previous.count(i)) continue;
      if (i < 0 || i >= static_cast<int64_t>(dynamics.size()))
        throw InputError(name, 0,
                         fmt::format("point {}: example {} is not in {} ({} examples)", x, i,
                                     cartography_file.string(), dynamics.size()));
      const ExampleDynamics& d = dynamics[static_cast<std::size_t>(i)];
      acc += d.correctness;
      turns += static_cast<double>(d.turns);
      var += d.variability;
      conf += d.confidence;
      ++count;
    }
    if (count > 0) {
      const double n = static_cast<double>(count);
      acc /= n, turns /= n, var /= n, conf /= n;
    }
    out += fmt::format("this is from interpolation point {} ===> {}\n", previous_x, x);
    out += fmt::format("total number of newly forgotten examples: {}\n", count);
    out += fmt::format("average correctness is: {}\n", py_float(acc));
    out += fmt::format("average confidence is: {}\n", py_float(conf));
    out += fmt::format("average variance is: {}\n", py_float(var));
    out += fmt::format("average turn is: {}\n\n", py_float(turns));
    previous = std::set<int64_t>(current.begin(), current.end());
    previous_x = x;
  }
  return out;
}

}  // namespace mcplm
