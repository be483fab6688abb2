// Training dynamics of dataset cartography (Swayamdipta et al. 2020) from the
// per-epoch records of cartography.json: the data-map coordinates and
// allenai/cartography's td_metrics.jsonl.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace mcplm {

// One training example across the scored epochs.
struct ExampleTrajectory {
  std::vector<double> acc;         // [E] 0/1 correctness per epoch
  std::vector<double> confidence;  // [E] p(gold label) per epoch
};

// cartography.json ({"0": {"acc": [...], "confidence": [...]}, ...}) in file
// order. InputError naming the file on anything else (missing or non-numeric
// entries, lists of different lengths).
std::vector<ExampleTrajectory> read_cartography(const std::filesystem::path& file);

// Statistics of one example, with numpy's summation order.
struct ExampleDynamics {
  double confidence = 0;      // mean confidence
  double variability = 0;     // population std of confidence
  double correctness = 0;     // mean acc (the original's process_cartography)
  double correct_epochs = 0;  // sum of acc (allenai's "correctness")
  int64_t forgetfulness = 0;  // correct -> incorrect transitions; 1000 if never correct
  int64_t turns = 0;          // changes of acc between consecutive epochs
};
ExampleDynamics example_dynamics(const ExampleTrajectory& trajectory);

// td_metrics.jsonl as allenai/cartography writes it: one JSON object per
// example with guid (the line index), index, threshold_closeness
// (confidence * (1 - confidence)), confidence, variability, correctness
// (number of epochs predicted correctly) and forgetfulness.
std::string td_metrics_jsonl(const std::vector<ExampleDynamics>& dynamics);

// datamap.svg: variability (x) against confidence (y), points coloured by the
// fraction of epochs predicted correctly (bins 0.0 ... 1.0), the
// easy-to-learn / ambiguous / hard-to-learn regions marked, and beside it
// histograms of confidence, variability and correctness over every example,
// as allenai/cartography draws them. Beyond `max_points` examples a
// deterministic evenly spaced subsample of the points is drawn.
std::string data_map_svg(const std::vector<ExampleDynamics>& dynamics, int64_t epochs,
                         const std::string& title, std::size_t max_points = 50000);

// After each scored epoch: td_metrics.jsonl and datamap.svg beside
// cartography.json, both written atomically.
void write_training_dynamics(const std::filesystem::path& cartography_file);

}  // namespace mcplm
