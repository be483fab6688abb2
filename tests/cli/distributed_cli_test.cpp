// Multi-process runs on loopback (Gloo): data-parallel tuning matches one
// process, interpolation over ranks writes one process's files, and a rank
// that dies makes the others fail naming it.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "mcplm/io/safetensors.h"
#include "process_util.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

// The tiny T5 without dropout, so that runs differ only by arithmetic.
fs::path tiny_t5_without_dropout(const fs::path& dir) {
  const fs::path model = test::init_tiny_t5(dir);
  std::string config = test::read_text(model / "config.json");
  const std::string from = "\"dropout_rate\": 0.1";
  const auto at = config.find(from);
  if (at == std::string::npos) throw std::runtime_error("config.json has no dropout_rate 0.1");
  config.replace(at, from.size(), "\"dropout_rate\": 0.0");
  std::ofstream(model / "config.json") << config;
  return model;
}

std::string rank_flags(int rank, int world, int port) {
  return " --rank " + std::to_string(rank) + " --world-size " + std::to_string(world) +
         " --master-port " + std::to_string(port);
}

struct RankRuns {
  std::vector<int> exit_codes;
  std::vector<std::string> outputs;
  double seconds = 0;
};

// Runs rank r of a world of `args.size()` with `args[r]` (the rank flags
// appended) and waits for all.
RankRuns run_ranks(const std::vector<std::string>& args, const fs::path& logs) {
  const int port = test::free_tcp_port();
  const int world = static_cast<int>(args.size());
  const auto start = std::chrono::steady_clock::now();
  std::vector<int> pids;
  for (int r = 0; r < world; ++r)
    pids.push_back(test::spawn_mcplm(args[r] + rank_flags(r, world, port),
                                     logs / ("rank" + std::to_string(r) + ".log")));
  RankRuns runs;
  for (int r = 0; r < world; ++r) {
    runs.exit_codes.push_back(test::wait_for_exit(pids[r]));
    runs.outputs.push_back(test::read_text(logs / ("rank" + std::to_string(r) + ".log")));
  }
  runs.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return runs;
}

std::string tune_args(const fs::path& model, const fs::path& task, const fs::path& out,
                      const std::string& extra) {
  return "--threads 1 tune --quiet --method model --model " + model.string() + " --task-dir " +
         task.string() + " --output-dir " + out.string() + " --dist-timeout 60 " + extra;
}

double max_difference(const fs::path& a, const fs::path& b) {
  const ParamSet want = read_safetensors(a).tensors, got = read_safetensors(b).tensors;
  EXPECT_EQ(got.names(), want.names());
  double worst = 0;
  for (const auto& [name, t] : want)
    worst = std::max(worst, (got.at(name) - t).abs().max().item<double>());
  return worst;
}

void expect_ranks_succeeded(const RankRuns& runs) {
  for (std::size_t r = 0; r < runs.exit_codes.size(); ++r)
    ASSERT_EQ(runs.exit_codes[r], 0) << "rank " << r << ":\n" << runs.outputs[r];
}

}  // namespace

// 36 lines in batches of 8: the fifth batch of each epoch has 4 rows, so
// the 6 updates cross an epoch and cut a short batch too.
TEST(DistributedCli, TwoRanksOfFourRowsTrainAsOneProcessOfEight) {
  auto dir = test::temp_dir("equal");
  const fs::path model = tiny_t5_without_dropout(dir / "t5");
  const fs::path task = test::toy_task_subset(dir / "data", 36, 10, 10);
  const std::string args = "--lr 1e-3 --bsz 8 --train-iters 6 --seed 5";
  auto one = test::run_mcplm(tune_args(model, task, dir / "one", args));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const std::string two_args = tune_args(model, task, dir / "two", args);
  RankRuns two = run_ranks({two_args, two_args}, dir);
  expect_ranks_succeeded(two);

  const fs::path run = "lr_0.001_bsz_8_seed_5";
  EXPECT_LE(max_difference(dir / "one" / run / "checkpoint-last.safetensors",
                           dir / "two" / run / "checkpoint-last.safetensors"),
            1e-5);
  for (const char* file : {"result.json", "checkpoint-best.safetensors", "log.txt"})
    EXPECT_TRUE(fs::exists(dir / "two" / run / file)) << file;
  EXPECT_NE(test::read_text(dir / "two" / run / "log.txt").find("data parallel over 2 processes"),
            std::string::npos);
  EXPECT_EQ(test::read_text(dir / "two" / "result.csv"),
            test::read_text(dir / "one" / "result.csv"));
}

// Ctrl-C reaches every rank; they stop at the same update, rank 0 saves
// checkpoint-last, and a 2-rank --resume ends where an uninterrupted 2-rank
// run does. (Against one process, rounding differences of the order of 1e-7
// grow over tens of updates, so that comparison stays a few updates long.)
TEST(DistributedCli, InterruptedRanksResumeToTheUninterruptedResult) {
  auto dir = test::temp_dir("resume");
  const fs::path model = tiny_t5_without_dropout(dir / "t5");
  const fs::path task = test::toy_task_subset(dir / "data", 36, 10, 10);
  const std::string args = "--lr 1e-3 --bsz 8 --train-iters 40 --output-interval 4 --seed 5";
  const std::string whole_args = tune_args(model, task, dir / "whole", args);
  expect_ranks_succeeded(run_ranks({whole_args, whole_args}, dir));

  const std::string two_args = tune_args(model, task, dir / "two", args);
  const fs::path run = dir / "two" / "lr_0.001_bsz_8_seed_5";
  const int port = test::free_tcp_port();
  std::vector<int> pids;
  for (int r = 0; r < 2; ++r)
    pids.push_back(test::spawn_mcplm(two_args + rank_flags(r, 2, port),
                                     dir / ("rank" + std::to_string(r) + ".log")));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!fs::exists(run / "checkpoint@4.safetensors") &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  for (int pid : pids) ::kill(pid, SIGINT);
  const int code0 = test::wait_for_exit(pids[0]), code1 = test::wait_for_exit(pids[1]);
  if (fs::exists(run / "result.json")) GTEST_SKIP() << "the run finished before the interrupt";
  ASSERT_EQ(code0, 130) << test::read_text(dir / "rank0.log");
  ASSERT_EQ(code1, 130) << test::read_text(dir / "rank1.log");

  RankRuns resumed = run_ranks({two_args + " --resume", two_args + " --resume"}, dir);
  expect_ranks_succeeded(resumed);
  EXPECT_EQ(max_difference(dir / "whole" / "lr_0.001_bsz_8_seed_5" / "checkpoint-last.safetensors",
                           run / "checkpoint-last.safetensors"),
            0);
  EXPECT_NE(test::read_text(run / "log.txt").find("resumed from"), std::string::npos);
}

// Weight-find over 2 ranks: each takes 4 of every 8 rows; the logits they
// learn are one process's, and rank 0 alone writes.
TEST(DistributedCli, TwoRankWeightFindLearnsTheOneProcessLogits) {
  auto dir = test::temp_dir("weight-find");
  const fs::path model = tiny_t5_without_dropout(dir / "t5");
  const fs::path task = test::toy_task_subset(dir / "data", 36, 8, 8);
  for (const char* seed : {"1", "2"}) {
    auto r = test::run_mcplm(
        tune_args(model, task, dir / "ends",
                  "--lr 1e-3 --bsz 8 --train-iters 3 --no-predict --seed " + std::string(seed)));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  auto weight_find = [&](const fs::path& out) {
    return "--threads 1 weight-find --quiet --model " + model.string() + " --task-dir " +
           task.string() + " --ckpt1 " +
           (dir / "ends/lr_0.001_bsz_8_seed_1/checkpoint-last.safetensors").string() + " --ckpt2 " +
           (dir / "ends/lr_0.001_bsz_8_seed_2/checkpoint-last.safetensors").string() +
           " --filter layer --init-std 1 --train-iters 6 --valid-interval 0 --dist-timeout 60"
           " --output-dir " +
           out.string();
  };
  auto one = test::run_mcplm(weight_find(dir / "one"));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  RankRuns two = run_ranks({weight_find(dir / "two"), weight_find(dir / "two")}, dir);
  expect_ranks_succeeded(two);

  auto logits = [](const fs::path& file) {
    std::vector<double> out;
    for (const auto& g : nlohmann::json::parse(test::read_text(file))["groups"])
      out.push_back(g["logit"]);
    return out;
  };
  const std::vector<double> want = logits(dir / "one/weight_find.json");
  const std::vector<double> got = logits(dir / "two/weight_find.json");
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t g = 0; g < want.size(); ++g) EXPECT_NEAR(got[g], want[g], 1e-5) << "group " << g;
  // The ends and the midpoint, evaluated by rank 0 alone, as one process does.
  auto reference_rows = [](const fs::path& csv) {
    std::istringstream in(test::read_text(csv));
    std::string rows;
    for (std::string line; std::getline(in, line);)
      if (line.find(",found") == std::string::npos) rows += line + "\n";
    return rows;
  };
  EXPECT_EQ(reference_rows(dir / "two/result.csv"), reference_rows(dir / "one/result.csv"));
  EXPECT_NE(reference_rows(dir / "two/result.csv").find(",midpoint"), std::string::npos);
}

TEST(DistributedCli, TwoRankInterpolationWritesTheOneProcessFiles) {
  auto dir = test::temp_dir("interpolate");
  const fs::path model = test::init_tiny_t5(dir / "t5");
  const fs::path task = test::toy_task_subset(dir / "data", 32, 12, 12);
  for (const char* seed : {"1", "2"}) {
    auto r = test::run_mcplm("--threads 1 tune --quiet --method adapter --adapter-size 4 --model " +
                             model.string() + " --task-dir " + task.string() + " --output-dir " +
                             (dir / "tuned").string() + " --lr 1e-2 --bsz 16 --train-iters 2 " +
                             "--no-predict --seed " + seed);
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  auto interpolate = [&](const fs::path& out) {
    return "--threads 1 interpolate --model " + model.string() + " --task-dir " + task.string() +
           " --ckpt1 " +
           (dir / "tuned/lr_0.01_bsz_16_seed_1/checkpoint-last.safetensors").string() +
           " --ckpt2 " +
           (dir / "tuned/lr_0.01_bsz_16_seed_2/checkpoint-last.safetensors").string() +
           " --points 5 --do-valid --do-predict --output-dir " + out.string();
  };
  auto one = test::run_mcplm(interpolate(dir / "one"));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  RankRuns two = run_ranks({interpolate(dir / "two"), interpolate(dir / "two")}, dir);
  expect_ranks_succeeded(two);

  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir / "one"))  // tb/'s names hold a time
    if (entry.is_regular_file()) files.push_back(entry.path().filename().string());
  EXPECT_GE(files.size(), 9u);
  for (const auto& file : files)
    EXPECT_EQ(test::read_text(dir / "two" / file), test::read_text(dir / "one" / file)) << file;
  std::size_t written = 0;
  for (const auto& entry : fs::directory_iterator(dir / "two")) written += entry.is_regular_file();
  EXPECT_EQ(written, files.size());
}

TEST(DistributedCli, ARankThatFailsIsNamedByTheOthers) {
  auto dir = test::temp_dir("fails");
  const fs::path model = test::init_tiny_t5(dir / "t5");
  const fs::path task = test::toy_task_subset(dir / "data", 16, 4, 4);
  const std::string args = "--lr 1e-3 --bsz 8 --train-iters 2 --seed 5";
  RankRuns runs = run_ranks({tune_args(model, task, dir / "out", args),
                             tune_args(model, dir / "no-such-task", dir / "out", args)},
                            dir);
  EXPECT_EQ(runs.exit_codes[1], 2) << runs.outputs[1];
  EXPECT_EQ(runs.exit_codes[0], 1) << runs.outputs[0];
  EXPECT_NE(runs.outputs[0].find("rank 1 failed: "), std::string::npos) << runs.outputs[0];
  EXPECT_NE(runs.outputs[0].find("no-such-task"), std::string::npos) << runs.outputs[0];
  EXPECT_LT(runs.seconds, 50);  // well within --dist-timeout 60
}

TEST(DistributedCli, AKilledRankIsNamedByTheOthers) {
  auto dir = test::temp_dir("killed");
  const fs::path model = test::init_tiny_t5(dir / "t5");
  const fs::path task = test::toy_task_subset(dir / "data", 32, 4, 4);
  const std::string args =
      tune_args(model, task, dir / "out", "--lr 1e-3 --bsz 8 --train-iters 100000 --seed 5");
  const int port = test::free_tcp_port();
  const int rank0 = test::spawn_mcplm(args + rank_flags(0, 2, port), dir / "rank0.log");
  const int rank1 = test::spawn_mcplm(args + rank_flags(1, 2, port), dir / "rank1.log");
  const fs::path log = dir / "out" / "lr_0.001_bsz_8_seed_5" / "log.txt";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (test::read_text(log).find("data parallel") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a few updates in
  ::kill(rank1, SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  const int code = test::wait_for_exit(rank0);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  test::wait_for_exit(rank1);
  const std::string output = test::read_text(dir / "rank0.log");
  EXPECT_EQ(code, 1) << output;
  EXPECT_NE(output.find("rank(s) 1 died or stopped responding"), std::string::npos) << output;
  EXPECT_LT(seconds, 30);
}

TEST(DistributedCli, ARankThatNeverComesIsNamedAfterTheTimeout) {
  auto dir = test::temp_dir("absent");
  auto r = test::run_mcplm("interpolate --model m --ckpt1 a --ckpt2 b --task-dir t --output-dir " +
                           (dir / "out").string() + " --do-valid --dist-timeout 1" +
                           rank_flags(0, 2, test::free_tcp_port()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("rank(s) 1 did not join the rendezvous"), std::string::npos) << r.output;
}
