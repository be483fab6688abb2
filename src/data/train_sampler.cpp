#include "mcplm/data/train_sampler.h"

#include <numeric>
#include <random>
#include <stdexcept>

namespace mcplm {
namespace {

// SplitMix64's finaliser: a well-mixed 64-bit hash.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Uniform in [0, n) by rejection, the same on every platform (unlike
// std::uniform_int_distribution).
uint64_t uniform_below(std::mt19937_64& rng, uint64_t n) {
  const uint64_t reject_below = (0 - n) % n;  // 2^64 mod n
  for (;;) {
    uint64_t x = rng();
    if (x >= reject_below) return x % n;
  }
}

}  // namespace

TrainSampler::TrainSampler(std::vector<std::size_t> answer_counts, std::size_t batch_size,
                           uint64_t seed)
    : answer_counts_(std::move(answer_counts)), batch_size_(batch_size) {
  if (answer_counts_.empty()) throw std::invalid_argument("TrainSampler: no training lines");
  if (batch_size_ == 0) throw std::invalid_argument("TrainSampler: batch size 0");
  for (std::size_t count : answer_counts_)
    if (count == 0) throw std::invalid_argument("TrainSampler: a line without answers");
  state_.seed = seed;
  shuffle_epoch();
}

void TrainSampler::shuffle_epoch() {
  std::mt19937_64 rng(mix(mix(state_.seed) ^ state_.epoch));
  order_.resize(answer_counts_.size());
  std::iota(order_.begin(), order_.end(), 0);
  for (std::size_t i = order_.size() - 1; i > 0; --i)
    std::swap(order_[i], order_[uniform_below(rng, i + 1)]);
}

TrainSampler::SampledBatch TrainSampler::next_batch() {
  SampledBatch batch;
  batch.epoch = state_.epoch;
  const uint64_t epoch_key = mix(mix(state_.seed) ^ state_.epoch) ^ 0x5851F42D4C957F2Dull;
  while (batch.rows.size() < batch_size_ && state_.position < order_.size()) {
    std::size_t line = order_[state_.position];
    // The answer of this visit: a hash of (seed, epoch, position), so that it
    // needs no generator state; the modulo bias is below 2^-50.
    std::size_t answer = mix(epoch_key ^ state_.position) % answer_counts_[line];
    batch.rows.push_back({line, answer});
    ++state_.position;
  }
  if (state_.position == order_.size()) {
    batch.ends_epoch = true;
    ++state_.epoch;
    state_.position = 0;
    shuffle_epoch();
  }
  return batch;
}

void TrainSampler::restore(const State& state) {
  if (state.position >= answer_counts_.size())
    throw std::invalid_argument("TrainSampler::restore: position beyond the training lines");
  state_ = state;
  shuffle_epoch();
}

}  // namespace mcplm
