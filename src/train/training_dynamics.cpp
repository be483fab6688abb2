#include "mcplm/train/training_dynamics.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/report/numpy_reduce.h"
#include "mcplm/report/svg_plot.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

std::vector<double> number_list(const nlohmann::ordered_json& entry, const char* key,
                                const std::string& file, const std::string& example) {
  auto it = entry.find(key);
  if (it == entry.end() || !it->is_array())
    throw InputError(file, 0, fmt::format("example {} has no \"{}\" list", example, key));
  std::vector<double> values;
  for (const auto& v : *it) {
    if (!v.is_number())
      throw InputError(file, 0, fmt::format("example {}: \"{}\" holds a non-number", example, key));
    values.push_back(v.get<double>());
  }
  return values;
}

// allenai/cartography's three panels beside the map, in its colours, over
// every example (not only those drawn): confidence and variability in ten
// bins over their possible range, and one bar per number of correct epochs.
std::vector<Histogram> marginal_histograms(const std::vector<ExampleDynamics>& dynamics,
                                           int64_t epochs) {
  std::vector<double> confidence, variability, correctness;
  for (const auto& d : dynamics) {
    confidence.push_back(d.confidence);
    variability.push_back(d.variability);
    correctness.push_back(d.correctness);
  }
  // A bar centred on each fraction k / epochs (a single bin without epochs).
  const double half_bar = epochs > 0 ? 0.5 / static_cast<double>(epochs) : 0.5;
  return {histogram("confidence", "#622a87", confidence, 10, 0, 1),
          // The population std of values in [0, 1] is at most 0.5.
          histogram("variability", "#008080", variability, 10, 0, 0.5),
          histogram("correctness", "#86bf91", correctness,
                    static_cast<int>(std::max<int64_t>(epochs, 0)) + 1, -half_bar, 1 + half_bar)};
}

}  // namespace

std::vector<ExampleTrajectory> read_cartography(const fs::path& file) {
  const std::string name = file.string();
  auto all = nlohmann::ordered_json::parse(read_file_bytes(file), nullptr, false);
  if (all.is_discarded() || !all.is_object())
    throw InputError(name, 0, "not a cartography file (a JSON object of examples)");
  std::vector<ExampleTrajectory> out;
  for (const auto& [key, entry] : all.items()) {
    if (!entry.is_object()) throw InputError(name, 0, "example " + key + " is not an object");
    ExampleTrajectory t{number_list(entry, "acc", name, key),
                        number_list(entry, "confidence", name, key)};
    if (t.acc.size() != t.confidence.size() || t.acc.empty())
      throw InputError(name, 0,
                       fmt::format("example {}: {} acc and {} confidence values", key, t.acc.size(),
                                   t.confidence.size()));
    out.push_back(std::move(t));
  }
  return out;
}

ExampleDynamics example_dynamics(const ExampleTrajectory& t) {
  ExampleDynamics d;
  d.confidence = numpy_mean(t.confidence);
  d.variability = numpy_std(t.confidence);
  d.correct_epochs = numpy_sum(t.acc);
  d.correctness = d.correct_epochs / static_cast<double>(t.acc.size());
  bool learnt = false, ever_correct = false;
  for (std::size_t e = 0; e < t.acc.size(); ++e) {
    const bool correct = t.acc[e] != 0;
    ever_correct = ever_correct || correct;
    if (learnt && !correct) ++d.forgetfulness;
    learnt = correct;
    if (e > 0 && t.acc[e] != t.acc[e - 1]) ++d.turns;
  }
  if (!ever_correct) d.forgetfulness = 1000;  // allenai's mark for "never learnt"
  return d;
}

std::string td_metrics_jsonl(const std::vector<ExampleDynamics>& dynamics) {
  std::string out;
  for (std::size_t i = 0; i < dynamics.size(); ++i) {
    const ExampleDynamics& d = dynamics[i];
    nlohmann::ordered_json line = {{"guid", i},
                                   {"index", i},
                                   {"threshold_closeness", d.confidence * (1 - d.confidence)},
                                   {"confidence", d.confidence},
                                   {"variability", d.variability},
                                   {"correctness", d.correct_epochs},
                                   {"forgetfulness", d.forgetfulness}};
    out += line.dump() + "\n";
  }
  return out;
}

std::string data_map_svg(const std::vector<ExampleDynamics>& dynamics, int64_t epochs,
                         const std::string& title, std::size_t max_points) {
  // Blue (never correct) through grey to red (always correct), as allenai's
  // diverging palette.
  static const char* kColors[11] = {"#3b4cc0", "#5a78e4", "#7b9ff9", "#9ebeff",
                                    "#c0d4f5", "#bbbbbb", "#f2cbb7", "#f7ac8e",
                                    "#ee8468", "#d65244", "#b40426"};
  std::map<int, ScatterGroup> bins;  // correctness bin (tenths) -> points
  const std::size_t n = dynamics.size();
  const std::size_t shown = std::min(n, max_points);
  for (std::size_t k = 0; k < shown; ++k) {
    const ExampleDynamics& d = dynamics[shown == n ? k : k * n / shown];
    const double fraction = epochs > 0 ? d.correct_epochs / static_cast<double>(epochs) : 0;
    const int bin = std::clamp(static_cast<int>(std::lround(fraction * 10)), 0, 10);
    ScatterGroup& g = bins[bin];
    g.x.push_back(d.variability);
    g.y.push_back(d.confidence);
  }
  std::vector<ScatterGroup> groups;
  for (auto& [bin, g] : bins) {
    g.label = fmt::format("correct. {:.1f}", bin / 10.0);
    g.color = kColors[bin];
    groups.push_back(std::move(g));
  }
  // The regions of Swayamdipta et al.: low variability splits into high
  // (easy) and low (hard) confidence; high variability is ambiguous.
  const std::vector<Region> regions = {{"easy-to-learn", 0.0, 0.5, 0.2, 1.0, "#d62728"},
                                       {"hard-to-learn", 0.0, 0.0, 0.2, 0.5, "#1f77b4"},
                                       {"ambiguous", 0.2, 0.0, 0.5, 1.0, "#555555"}};
  std::string full_title = fmt::format("{}: {} examples, {} epochs", title, n, epochs);
  if (shown < n) full_title += fmt::format(" ({} shown)", shown);
  return scatter_svg(full_title, "variability", "confidence", groups, regions,
                     marginal_histograms(dynamics, epochs));
}

void write_training_dynamics(const fs::path& cartography_file) {
  const std::vector<ExampleTrajectory> trajectories = read_cartography(cartography_file);
  std::vector<ExampleDynamics> dynamics;
  dynamics.reserve(trajectories.size());
  for (const auto& t : trajectories) dynamics.push_back(example_dynamics(t));
  const int64_t epochs =
      trajectories.empty() ? 0 : static_cast<int64_t>(trajectories.front().acc.size());
  const fs::path dir = cartography_file.parent_path();
  write_text_atomically(dir / "td_metrics.jsonl", td_metrics_jsonl(dynamics));
  write_text_atomically(dir / "datamap.svg", data_map_svg(dynamics, epochs, "data map"));
}

}  // namespace mcplm
