// The training loop's counters, saved as JSON in a checkpoint's side file
// (`counters` metadata) so that a resumed run continues exactly.
#pragma once
#include <cstdint>
#include <limits>
#include <string>

#include "mcplm/data/train_sampler.h"

namespace mcplm {

struct LoopCounters {
  int64_t updates = 0;
  int64_t epoch = 0;
  bool has_best = false;
  double best_metric = -std::numeric_limits<double>::infinity();
  int64_t best_updates = 0;
  int64_t patience_used = 0;
  double loss_sum = 0;  // train loss since the last log line
  int64_t loss_count = 0;
  int64_t scored_updates = -1;  // cartography: updates when the training set was last scored
  TrainSampler::State sampler;
};

std::string loop_counters_to_json(const LoopCounters& counters);
// InputError(file) when `text` is not the JSON `loop_counters_to_json` writes
// (a key missing, of the wrong type, or a negative count).
LoopCounters parse_loop_counters(const std::string& text, const std::string& file);

}  // namespace mcplm
