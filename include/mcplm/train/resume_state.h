// What a training loop saves to continue exactly where it stopped (`tune`'s
// NAME.optim.safetensors, `curve`'s curve.optim.safetensors): the optimizer
// state ("optimizer.<param>.<field>"), the random state ("rng.*") and, in the
// metadata, the loop's counters with the sampler's position ("counters") and
// the update count ("updates").
#pragma once
#include <cstddef>
#include <string>

#include "mcplm/data/train_sampler.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/data/loop_counters.h"
#include "mcplm/train/named_optimizer.h"
#include "mcplm/train/rng_state.h"

namespace mcplm {

// The state of a loop at `counters` (the sampler's position taken from `sampler`).
SafetensorsFile capture_resume_state(const NamedOptimizer& optimizer, const RngEngines& engines,
                                     LoopCounters counters, const TrainSampler& sampler);

// Puts the optimizer, the generators and the sampler back as
// capture_resume_state saw them and returns the counters. InputError naming
// `source` when an entry is missing or malformed, or the saved position lies
// beyond the `train_lines` lines of the training split.
LoopCounters restore_resume_state(const SafetensorsFile& saved, NamedOptimizer& optimizer,
                                  const RngEngines& engines, TrainSampler& sampler,
                                  std::size_t train_lines, const std::string& source);

}  // namespace mcplm
