#include "mcplm/train/batch_share.h"

#include <torch/torch.h>

#include "test_util.h"

namespace mcplm {
namespace {

// Three examples whose targets have 1, 2 and 5 tokens.
EncodedSplit text_split() {
  EncodedSplit split;
  split.kind = TargetKind::text;
  split.inputs = {{5, 1}, {6, 7, 1}, {8, 1}};
  split.targets = {{{1}}, {{3, 1}}, {{4, 4, 4, 4, 1}}};
  return split;
}

TEST(BatchShare, OneRankTakesEverythingWithWeightOne) {
  const EncodedSplit split = text_split();
  const std::vector<Draw> rows{{0, 0}, {1, 0}, {2, 0}};
  MicroBatchShare share = share_of(split, rows, 0, 1);
  ASSERT_TRUE(share.rows.has_value());
  EXPECT_EQ(share.rows->examples, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(share.weight, 1.0);
}

TEST(BatchShare, SlicesCoverTheRowsAndWeightsFollowTargetTokens) {
  const EncodedSplit split = text_split();
  const std::vector<Draw> rows{{0, 0}, {1, 0}, {2, 0}};
  EXPECT_EQ(loss_terms(split, rows), 8u);
  MicroBatchShare first = share_of(split, rows, 0, 2), second = share_of(split, rows, 1, 2);
  ASSERT_TRUE(first.rows && second.rows);
  EXPECT_EQ(first.rows->examples, (std::vector<std::size_t>{0}));
  EXPECT_EQ(second.rows->examples, (std::vector<std::size_t>{1, 2}));
  EXPECT_DOUBLE_EQ(first.weight, 1.0 / 8);
  EXPECT_DOUBLE_EQ(second.weight, 7.0 / 8);
}

TEST(BatchShare, ARankBeyondTheRowsGetsNone) {
  EncodedSplit split;
  split.kind = TargetKind::class_id;
  split.inputs = {{5, 1}};
  split.class_ids = {2};
  const std::vector<Draw> rows{{0, 0}};
  EXPECT_FALSE(share_of(split, rows, 0, 2).rows.has_value());
  MicroBatchShare last = share_of(split, rows, 1, 2);
  ASSERT_TRUE(last.rows.has_value());
  EXPECT_DOUBLE_EQ(last.weight, 1.0);
}

}  // namespace
}  // namespace mcplm
