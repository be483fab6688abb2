// The training order: like torch's RandomSampler under a DataLoader, each
// epoch visits every line once in a fresh random order, cut into batches (an
// epoch's last batch may be shorter), and every visit of a line with several
// answers draws one of them. Everything follows from (seed, epoch, position),
// so those three integers are the whole state to save and restore.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "mcplm/data/batch.h"

namespace mcplm {

class TrainSampler {
 public:
  struct State {
    uint64_t seed = 0;
    uint64_t epoch = 0;     // epoch of the next batch, from 0
    uint64_t position = 0;  // lines of that epoch already handed out
    bool operator==(const State& o) const {
      return seed == o.seed && epoch == o.epoch && position == o.position;
    }
  };

  struct SampledBatch {
    std::vector<Draw> rows;
    uint64_t epoch = 0;
    bool ends_epoch = false;  // the epoch's last batch
  };

  // `answer_counts[i]`: answers of line i (EncodedSplit::answer_count).
  TrainSampler(std::vector<std::size_t> answer_counts, std::size_t batch_size, uint64_t seed);

  SampledBatch next_batch();

  const State& state() const { return state_; }
  // Continues exactly where a sampler in `state` would (same lines, batch size).
  void restore(const State& state);

 private:
  void shuffle_epoch();

  std::vector<std::size_t> answer_counts_;
  std::size_t batch_size_;
  State state_;
  std::vector<std::size_t> order_;  // line order of state_.epoch
};

}  // namespace mcplm
