#include "mcplm/data/train_sampler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace mcplm;

namespace {

// Lines of one epoch, batch by batch, from a sampler at an epoch start.
std::vector<std::size_t> one_epoch(TrainSampler& sampler, std::vector<std::size_t>* batch_sizes) {
  std::vector<std::size_t> lines;
  for (;;) {
    auto batch = sampler.next_batch();
    if (batch_sizes) batch_sizes->push_back(batch.rows.size());
    for (const auto& row : batch.rows) lines.push_back(row.example);
    if (batch.ends_epoch) return lines;
  }
}

std::vector<std::pair<std::size_t, std::size_t>> draws(TrainSampler& sampler, int batches) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (int i = 0; i < batches; ++i)
    for (const auto& row : sampler.next_batch().rows) out.emplace_back(row.example, row.answer);
  return out;
}

}  // namespace

TEST(TrainSampler, EachEpochIsAPermutationInBatches) {
  TrainSampler sampler(std::vector<std::size_t>(10, 1), 4, 42);
  std::vector<std::size_t> sizes;
  auto first = one_epoch(sampler, &sizes);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{4, 4, 2}));
  EXPECT_EQ(sampler.state().epoch, 1u);
  EXPECT_EQ(sampler.state().position, 0u);
  auto second = one_epoch(sampler, nullptr);
  auto sorted_first = first, sorted_second = second;
  std::sort(sorted_first.begin(), sorted_first.end());
  std::sort(sorted_second.begin(), sorted_second.end());
  std::vector<std::size_t> all{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(sorted_first, all);
  EXPECT_EQ(sorted_second, all);
  EXPECT_NE(first, second) << "a fresh order each epoch";
  EXPECT_NE(first, all) << "shuffled";
}

TEST(TrainSampler, DeterministicGivenTheSeed) {
  std::vector<std::size_t> counts{1, 3, 2, 1, 5, 1, 1};
  TrainSampler a(counts, 3, 7), b(counts, 3, 7), c(counts, 3, 8);
  auto from_a = draws(a, 20);
  EXPECT_EQ(from_a, draws(b, 20));
  EXPECT_NE(from_a, draws(c, 20));
}

TEST(TrainSampler, DrawsAnAnswerPerVisit) {
  std::vector<std::size_t> counts{1, 3};
  TrainSampler sampler(counts, 2, 1);
  std::map<std::size_t, int> answers_of_line1;
  for (int epoch = 0; epoch < 600; ++epoch) {
    auto batch = sampler.next_batch();
    ASSERT_TRUE(batch.ends_epoch);
    ASSERT_EQ(batch.epoch, static_cast<uint64_t>(epoch));
    for (const auto& row : batch.rows) {
      if (row.example == 0) {
        EXPECT_EQ(row.answer, 0u);
      } else {
        ++answers_of_line1[row.answer];
      }
    }
  }
  ASSERT_EQ(answers_of_line1.size(), 3u);
  for (const auto& [answer, n] : answers_of_line1) EXPECT_NEAR(n, 200, 50) << "answer " << answer;
}

TEST(TrainSampler, RestoresMidEpoch) {
  std::vector<std::size_t> counts{2, 1, 3, 1, 1, 4, 1, 2, 1};
  TrainSampler original(counts, 4, 99);
  draws(original, 5);  // into the second epoch (9 lines: batches of 4, 4, 1)
  TrainSampler::State saved = original.state();
  EXPECT_EQ(saved.epoch, 1u);
  EXPECT_EQ(saved.position, 8u);
  auto expected = draws(original, 12);

  TrainSampler resumed(counts, 4, 12345);  // the seed comes from the state
  resumed.restore(saved);
  EXPECT_EQ(resumed.state(), saved);
  EXPECT_EQ(draws(resumed, 12), expected);
  EXPECT_EQ(resumed.state(), original.state());

  TrainSampler::State beyond = saved;
  beyond.position = counts.size();
  EXPECT_THROW(resumed.restore(beyond), std::invalid_argument);
}

TEST(TrainSampler, RejectsEmptyInput) {
  EXPECT_THROW(TrainSampler({}, 4, 1), std::invalid_argument);
  EXPECT_THROW(TrainSampler({1, 1}, 0, 1), std::invalid_argument);
  EXPECT_THROW(TrainSampler({1, 0}, 2, 1), std::invalid_argument);
}
