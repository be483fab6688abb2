// The measurement tools of `mcplm bench` (memory, operator profile, eval and
// interpolation benchmarks) and evaluation by label scoring.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/bench/op_profile.h"
#include "mcplm/core/memory_usage.h"
#include "test_util.h"

namespace mcplm {
namespace {

const std::filesystem::path kToy = test::toy_dir();

TEST(MemoryUsage, ResidentSetGrowsWithATouchedAllocation) {
  ASSERT_GT(resident_bytes(), 0);
  const int64_t before = resident_bytes();
  auto big = torch::ones({64 << 20}, torch::kUInt8);  // 64 MiB, written
  EXPECT_GE(resident_bytes() - before, 48 << 20);
  EXPECT_GE(peak_resident_bytes(), resident_bytes());
}

TEST(OpProfile, ListsTheOperatorsThatRan) {
  auto a = torch::randn({256, 256});
  std::string table = profile_ops([&] { torch::mm(a, a).relu_(); }, 5);
  EXPECT_NE(table.find("aten::mm"), std::string::npos) << table;
  EXPECT_NE(table.find("aten::relu_"), std::string::npos) << table;
}

TEST(BenchCli, EvalComparesWithTheOriginalStyle) {
  auto r = test::run_mcplm(
      "--threads 1 bench eval --config tiny --iterations 1 --warmup 0 --compare-original "
      "--max-input-length 96");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("original-style / mcplm eval time: "), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("train step"), std::string::npos) << r.output;
}

TEST(BenchCli, TrainReportsTheAdafactorUpdateAndMemory) {
  auto r = test::run_mcplm("--threads 1 bench train --config tiny --iterations 1 --warmup 0");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("clip + Adafactor step"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("update (fwd+bwd+clip+Adafactor)"), std::string::npos) << r.output;
}

// A tiny toy T5, both decoding modes and the original-style comparison on
// interpolation points.
TEST(BenchCli, InterpolatePointsWithBothDecodingModes) {
  const auto dir = test::temp_dir("bench_interpolate");
  auto init = test::run_mcplm("init --family t5 --config " + (kToy / "t5-tiny.json").string() +
                              " --tokenizer " + (kToy / "tokenizer").string() + " --out " +
                              (dir / "model").string() + " --seed 1");
  ASSERT_EQ(init.exit_code, 0) << init.output;
  const std::string common = "--threads 1 bench interpolate --model " + (dir / "model").string() +
                             " --task-dir " + (kToy / "toy-sentiment").string() +
                             " --limit 40 --points 3 --generate-max-length 4";
  auto greedy = test::run_mcplm(common + " --compare-original --max-input-length 64");
  ASSERT_EQ(greedy.exit_code, 0) << greedy.output;
  EXPECT_NE(greedy.output.find("same greedy tokens on 100.0% of rows"), std::string::npos)
      << greedy.output;
  EXPECT_NE(greedy.output.find("RSS MiB"), std::string::npos) << greedy.output;
  auto labels = test::run_mcplm(common + " --decode labels");
  ASSERT_EQ(labels.exit_code, 0) << labels.output;
  EXPECT_NE(labels.output.find("   1.000 "), std::string::npos) << labels.output;
}

}  // namespace
}  // namespace mcplm
