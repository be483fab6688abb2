// Which scalars the runs log: a training run's metrics.jsonl events, a
// path's points.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mcplm/connect/path_scalars.h"
#include "mcplm/train/event_scalars.h"

using namespace mcplm;

TEST(TensorBoardScalars, RunEventsBecomeScalarsBySection) {
  auto train = event_scalars(
      {{"event", "train"}, {"updates", 20}, {"epoch", 1}, {"loss", 0.5}, {"lr", 0.01}});
  ASSERT_TRUE(train);
  EXPECT_EQ(train->step, 20);
  ASSERT_EQ(train->scalars.size(), 3u);
  EXPECT_EQ(train->scalars[0].tag, "train/epoch");
  EXPECT_EQ(train->scalars[1].tag, "train/loss");
  EXPECT_FLOAT_EQ(train->scalars[1].value, 0.5f);
  EXPECT_EQ(train->scalars[2].tag, "train/lr");

  auto valid = event_scalars(
      {{"event", "valid"}, {"updates", 30}, {"loss", 0.2}, {"metric", "ACC"}, {"value", 0.75}});
  ASSERT_TRUE(valid);
  ASSERT_EQ(valid->scalars.size(), 2u);
  EXPECT_EQ(valid->scalars[0].tag, "dev/loss");
  EXPECT_EQ(valid->scalars[1].tag, "dev/ACC");
  EXPECT_FLOAT_EQ(valid->scalars[1].value, 0.75f);
  auto test_event = event_scalars(
      {{"event", "test"}, {"updates", 30}, {"loss", 0.3}, {"metric", "EM"}, {"value", 0.5}});
  ASSERT_TRUE(test_event);
  EXPECT_EQ(test_event->scalars[1].tag, "test/EM");

  EXPECT_FALSE(event_scalars({{"event", "checkpoint"}, {"updates", 30}, {"name", "x"}}));
  EXPECT_FALSE(event_scalars({{"event", "dev"}, {"updates", 30}, {"loss", 0.2}}));
  EXPECT_FALSE(event_scalars({{"event", "train"}, {"loss", 0.2}}));  // no update
}

TEST(TensorBoardScalars, PathPointsStepByThousandthsOfX) {
  EXPECT_EQ(path_step(0.0), 0);
  EXPECT_EQ(path_step(0.04), 40);
  EXPECT_EQ(path_step(0.333), 333);
  EXPECT_EQ(path_step(1.0), 1000);
  PointRecord p{0.5, SplitEval{0.8, 0.1, {}}, SplitEval{0.7, 0.2, {}}};
  const std::vector<Scalar> s = path_scalars(p, PathLabels{"task", "ACC", false});
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].tag, "path/dev/ACC");
  EXPECT_FLOAT_EQ(s[0].value, 0.8f);
  EXPECT_EQ(s[1].tag, "path/dev/loss");
  EXPECT_EQ(s[2].tag, "path/test/ACC");
  EXPECT_EQ(s[3].tag, "path/test/loss");
  const PointRecord on_train{0.5, SplitEval{0.9, 0.05, {}}, std::nullopt};
  EXPECT_EQ(path_scalars(on_train, PathLabels{"task", "ACC", true})[0].tag, "path/train/ACC");
}
