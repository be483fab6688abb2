#include "mcplm/train/schedule.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/train/adafactor.h"

namespace mcplm {
namespace {

TEST(LrSchedule, Constant) {
  auto s = LrSchedule::constant();
  EXPECT_EQ(s.factor(0), 1.0);
  EXPECT_EQ(s.factor(123456), 1.0);
  EXPECT_EQ(s.lr(5e-3, 7), 5e-3);
}

TEST(LrSchedule, ConstantWithWarmup) {
  auto s = LrSchedule::constant_with_warmup(4);
  EXPECT_EQ(s.factor(0), 0.0);
  EXPECT_EQ(s.factor(1), 0.25);
  EXPECT_EQ(s.factor(3), 0.75);
  EXPECT_EQ(s.factor(4), 1.0);
  EXPECT_EQ(s.factor(100), 1.0);
  EXPECT_EQ(LrSchedule::constant_with_warmup(0).factor(0), 1.0);
}

TEST(LrSchedule, LinearWithWarmup) {
  auto s = LrSchedule::linear(2, 10);
  EXPECT_EQ(s.factor(0), 0.0);
  EXPECT_EQ(s.factor(1), 0.5);
  EXPECT_EQ(s.factor(2), 1.0);    // (10-2)/8
  EXPECT_EQ(s.factor(6), 0.5);    // (10-6)/8
  EXPECT_EQ(s.factor(9), 0.125);  // (10-9)/8
  EXPECT_EQ(s.factor(10), 0.0);
  EXPECT_EQ(s.factor(12), 0.0);  // clamped, never negative
}

TEST(LrSchedule, LinearWithoutWarmupAsTheTrainer) {
  // RoBERTa fine-tuning: 5e-5 decaying to 0 over 50k updates.
  auto s = LrSchedule::linear(0, 50000);
  EXPECT_EQ(s.lr(5e-5, 0), 5e-5);
  EXPECT_DOUBLE_EQ(s.lr(5e-5, 10000), 4e-5);
  EXPECT_DOUBLE_EQ(s.lr(5e-5, 49999), 5e-5 / 50000);
}

TEST(LrSchedule, SetsEveryGroup) {
  ParamSet params;
  params.set("a.weight", torch::zeros({2}, torch::requires_grad()));
  params.set("a.bias", torch::zeros({2}, torch::requires_grad()));
  Adafactor optimizer(weight_decay_groups(params, 0.01), AdafactorOptions::external(1.0));
  ASSERT_EQ(optimizer.param_groups().size(), 2u);
  set_learning_rate(optimizer, 0.25);
  for (const auto& group : optimizer.param_groups()) EXPECT_EQ(group.options().get_lr(), 0.25);
}

}  // namespace
}  // namespace mcplm
