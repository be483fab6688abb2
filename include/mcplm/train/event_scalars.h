// What TensorBoard shows of a training run: the scalars of its metrics.jsonl
// events, at their update.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

#include "mcplm/report/event_file.h"

namespace mcplm {

struct StepScalars {
  int64_t step = 0;  // the event's `updates`
  std::vector<Scalar> scalars;
};

// The numeric fields of a train, valid or test event, tagged by section:
// "train/loss", "train/lr", "train/epoch"; a validation's "dev/loss" and
// "dev/<METRIC>" (its `value`, named by its `metric`, e.g. "dev/ACC"); the
// test of the best point, "test/loss" and "test/<METRIC>". Other events
// give none: checkpoints hold no numbers, and weight-find's "dev" event
// evaluates again the validated point whose dev scalars are already there.
std::optional<StepScalars> event_scalars(const nlohmann::json& event);

}  // namespace mcplm
