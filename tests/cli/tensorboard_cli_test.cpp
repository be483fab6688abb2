// End-to-end: the TensorBoard event files of toy `tune` and `interpolate`
// runs hold exactly the numbers of their metrics.jsonl / points.jsonl.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process_util.h"
#include "tensorboard_reader.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

const char* kTuneArgs =
    " --method adapter --adapter-size 4 --lr 1e-2 --bsz 16 --train-iters 6 --valid-interval 3 "
    "--log-interval 2 --seed 20";

std::string tune(const fs::path& model, const fs::path& task, const fs::path& out,
                 const std::string& args) {
  return "--threads 1 tune --quiet --model " + model.string() + " --task-dir " + task.string() +
         " --output-dir " + out.string() + args;
}

// The scalars metrics.jsonl says TensorBoard should show.
test::Scalars expected_from_metrics(const fs::path& run) {
  test::Scalars want;
  std::istringstream in(test::read_text(run / "metrics.jsonl"));
  for (std::string line; std::getline(in, line);) {
    const auto e = nlohmann::json::parse(line);
    const int64_t step = e["updates"];
    if (e["event"] == "train") {
      want[{"train/loss", step}] = e["loss"].get<float>();
      want[{"train/lr", step}] = e["lr"].get<float>();
      want[{"train/epoch", step}] = e["epoch"].get<float>();
    } else if (e["event"] == "valid" || e["event"] == "test") {
      const std::string section = e["event"] == "valid" ? "dev" : "test";
      want[{section + "/loss", step}] = e["loss"].get<float>();
      want[{section + "/" + e["metric"].get<std::string>(), step}] = e["value"].get<float>();
    }
  }
  return want;
}

}  // namespace

TEST(TensorBoardCli, TuneLogsItsMetricsEventsAsScalars) {
  const fs::path dir = test::temp_dir("tb-tune");
  const fs::path model = test::init_tiny_t5(dir / "t5");
  const fs::path task = test::toy_task_subset(dir / "data", 64, 16, 16);
  auto r = test::run_mcplm(tune(model, task, dir / "on", kTuneArgs));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const fs::path run = dir / "on" / "lr_0.01_bsz_16_seed_20";
  ASSERT_EQ(test::event_files(run / "tb").size(), 1u);
  const test::Scalars got = test::read_scalars(run / "tb");
  const test::Scalars want = expected_from_metrics(run);
  EXPECT_EQ(got, want);
  // The train loss every 2 updates, validation every 3, the test of the best.
  for (int64_t step : {2, 4, 6}) EXPECT_TRUE(got.count({"train/loss", step})) << step;
  for (int64_t step : {3, 6}) EXPECT_TRUE(got.count({"dev/ACC", step})) << step;
  const int64_t best = nlohmann::json::parse(test::read_text(run / "result.json"))["best_updates"];
  EXPECT_TRUE(got.count({"test/ACC", best}));
  EXPECT_TRUE(got.count({"test/loss", best}));

  auto off =
      test::run_mcplm(tune(model, task, dir / "off", std::string(kTuneArgs) + " --no-tensorboard"));
  ASSERT_EQ(off.exit_code, 0) << off.output;
  EXPECT_TRUE(fs::exists(dir / "off" / "lr_0.01_bsz_16_seed_20" / "metrics.jsonl"));
  EXPECT_FALSE(fs::exists(dir / "off" / "lr_0.01_bsz_16_seed_20" / "tb"));
}

TEST(TensorBoardCli, AResumedTuneAddsAFileAndRecordsNoStepTwice) {
  const fs::path dir = test::temp_dir("tb-resume");
  const fs::path model = test::init_tiny_t5(dir / "t5");
  const fs::path task = test::toy_task_subset(dir / "data", 200, 16, 16);
  const std::string args =
      " --method adapter --adapter-size 4 --lr 1e-2 --bsz 16 --train-iters 40 "
      "--output-interval 10 --valid-interval 10 --log-interval 1 --seed 3";
  auto whole = test::run_mcplm(tune(model, task, dir / "whole", args));
  ASSERT_EQ(whole.exit_code, 0) << whole.output;

  // Killed (SIGKILL: no chance to save) once checkpoint@10 is on disk; it has
  // logged later updates by then, which the resumed run logs again.
  const fs::path run = dir / "killed" / "lr_0.01_bsz_16_seed_3";
  int pid = test::spawn_mcplm(tune(model, task, dir / "killed", args), dir / "killed.log");
  test::kill_when(
      pid, [&] { return fs::exists(run / "checkpoint@10.safetensors"); },
      std::chrono::milliseconds(300));
  ASSERT_TRUE(fs::exists(run / "checkpoint@10.safetensors")) << test::read_text(dir / "killed.log");
  if (fs::exists(run / "result.json")) GTEST_SKIP() << "the run finished before it was killed";

  auto resumed = test::run_mcplm(tune(model, task, dir / "killed", args + " --resume"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(test::event_files(run / "tb").size(), 2u);
  // read_scalars fails on a (tag, step) seen twice across the files.
  const test::Scalars got = test::read_scalars(run / "tb");
  EXPECT_EQ(got, test::read_scalars(dir / "whole" / "lr_0.01_bsz_16_seed_3" / "tb"));
  EXPECT_EQ(got, expected_from_metrics(run));
}

TEST(TensorBoardCli, InterpolateLogsEachPointAtAThousandTimesX) {
  const fs::path dir = test::temp_dir("tb-itp");
  const fs::path model = test::init_tiny_t5(dir / "t5");
  const fs::path task = test::toy_task_subset(dir / "data", 64, 16, 16);
  for (const char* seed : {"20", "30"}) {
    auto r = test::run_mcplm(
        tune(model, task, dir / "runs",
             " --method adapter --adapter-size 4 --lr 1e-2 --bsz 16 --train-iters 4 "
             "--no-predict --no-tensorboard --seed " +
                 std::string(seed)));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  auto interpolate = [&](const fs::path& out, const std::string& extra) {
    return test::run_mcplm(
        "--threads 1 interpolate --model " + model.string() + " --ckpt1 " +
        (dir / "runs/lr_0.01_bsz_16_seed_20/checkpoint-last.safetensors").string() + " --ckpt2 " +
        (dir / "runs/lr_0.01_bsz_16_seed_30/checkpoint-last.safetensors").string() +
        " --task-dir " + task.string() + " --output-dir " + out.string() +
        " --do-valid --do-predict --points 3 " + extra);
  };
  auto r = interpolate(dir / "itp", "");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  test::Scalars want;
  std::istringstream in(test::read_text(dir / "itp" / "points.jsonl"));
  for (std::string line; std::getline(in, line);) {
    const auto p = nlohmann::json::parse(line);
    const int64_t step = std::llround(1000 * p["x"].get<double>());
    for (const char* split : {"dev", "test"}) {
      want[{std::string("path/") + split + "/ACC", step}] = p[split]["performance"].get<float>();
      want[{std::string("path/") + split + "/loss", step}] = p[split]["loss"].get<float>();
    }
  }
  ASSERT_EQ(want.size(), 12u);  // x = 0, 0.5, 1: steps 0, 500, 1000
  EXPECT_TRUE(want.count({"path/dev/ACC", 500}));
  EXPECT_EQ(test::read_scalars(dir / "itp" / "tb"), want);

  // Shards merged: one file with every point.
  for (const char* shard : {"0/2", "1/2"}) {
    auto s = interpolate(dir / (std::string("shard") + shard[0]),
                         std::string("--points-shard ") + shard);
    ASSERT_EQ(s.exit_code, 0) << s.output;
  }
  auto merged =
      test::run_mcplm("interpolate merge " + (dir / "shard0").string() + " " +
                      (dir / "shard1").string() + " --output-dir " + (dir / "merged").string());
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  EXPECT_EQ(test::read_scalars(dir / "merged" / "tb"), want);

  auto off = interpolate(dir / "off", "--no-tensorboard");
  ASSERT_EQ(off.exit_code, 0) << off.output;
  EXPECT_TRUE(fs::exists(dir / "off" / "points.jsonl"));
  EXPECT_FALSE(fs::exists(dir / "off" / "tb"));
}
