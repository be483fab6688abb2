#include "mcplm/data/loop_counters.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"

using namespace mcplm;

namespace {

std::string counters_error(const std::string& text) {
  try {
    parse_loop_counters(text, "run/checkpoint-last.optim.safetensors");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(LoopCounters, RoundTrip) {
  LoopCounters c;
  c.updates = 12;
  c.epoch = 2;
  c.has_best = true;
  c.best_metric = 0.75;
  c.best_updates = 10;
  c.patience_used = 1;
  c.loss_sum = 3.5;
  c.loss_count = 4;
  c.sampler = {7, 2, 5};
  LoopCounters back = parse_loop_counters(loop_counters_to_json(c), "f");
  EXPECT_EQ(back.updates, 12);
  EXPECT_EQ(back.epoch, 2);
  EXPECT_TRUE(back.has_best);
  EXPECT_EQ(back.best_metric, 0.75);
  EXPECT_EQ(back.best_updates, 10);
  EXPECT_EQ(back.patience_used, 1);
  EXPECT_EQ(back.loss_sum, 3.5);
  EXPECT_EQ(back.loss_count, 4);
  EXPECT_EQ(back.sampler, (TrainSampler::State{7, 2, 5}));
}

TEST(LoopCounters, MalformedIsAnInputErrorNamingTheFile) {
  LoopCounters c;
  nlohmann::json good = nlohmann::json::parse(loop_counters_to_json(c));
  EXPECT_NE(counters_error("{\"updates\": ").find("checkpoint-last.optim.safetensors: resume "
                                                   "counters are not a JSON object"),
            std::string::npos);
  EXPECT_NE(counters_error("[1]").find("not a JSON object"), std::string::npos);
  auto without = good;
  without.erase("epoch");
  EXPECT_NE(counters_error(without.dump()).find("lack 'epoch'"), std::string::npos);
  auto negative = good;
  negative["updates"] = -3;
  EXPECT_NE(counters_error(negative.dump()).find("'updates' is not a non-negative integer"),
            std::string::npos);
  auto text = good;
  text["has_best"] = "yes";
  EXPECT_NE(counters_error(text.dump()).find("'has_best' is not true or false"), std::string::npos);
  auto sampler = good;
  sampler["sampler"] = {1, 2};
  EXPECT_NE(counters_error(sampler.dump()).find("'sampler'"), std::string::npos);
}
