// End-to-end runs of `mcplm weight-find` on the toy task with a tiny T5: two
// fine-tuned ends (seeds 20 and 30), a weight-find run for each filter, the
// export of the found model, --init-from, refusals, and resuming after a kill.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/io/load_params.h"
#include "mcplm/io/safetensors.h"
#include "process_util.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

struct Setup {
  fs::path dir, model, task, a, b;
};

const Setup& setup() {
  static Setup s = [] {
    Setup s;
    s.dir = fs::temp_directory_path() / ("mcplm-weight-find-" + std::to_string(::getpid()));
    fs::remove_all(s.dir);
    s.model = test::init_tiny_t5(s.dir / "t5");
    s.task = test::toy_task_subset(s.dir / "data", 200, 24, 24);
    for (int seed : {20, 30}) {
      auto r = test::run_mcplm(
          "--threads 1 tune --quiet --method model --model " + s.model.string() + " --task-dir " +
          s.task.string() + " --output-dir " + (s.dir / "runs").string() +
          " --lr 1e-2 --bsz 16 --train-iters 20 --no-predict --seed " + std::to_string(seed));
      if (r.exit_code != 0) throw std::runtime_error(r.output);
    }
    s.a = s.dir / "runs/lr_0.01_bsz_16_seed_20/checkpoint-last.safetensors";
    s.b = s.dir / "runs/lr_0.01_bsz_16_seed_30/checkpoint-last.safetensors";
    return s;
  }();
  return s;
}

std::string weight_find_args(const fs::path& out, const std::string& extra) {
  const Setup& s = setup();
  return "--threads 1 weight-find --quiet --model " + s.model.string() + " --ckpt1 " +
         s.a.string() + " --ckpt2 " + s.b.string() + " --task-dir " + s.task.string() +
         " --output-dir " + out.string() + " " + extra;
}

test::RunResult weight_find(const fs::path& out, const std::string& extra) {
  return test::run_mcplm(weight_find_args(out, extra));
}

// result.csv's rows by their `point` column, each split into its cells.
std::map<std::string, std::vector<std::string>> rows_by_point(const fs::path& out) {
  std::istringstream in(test::read_text(out / "result.csv"));
  std::map<std::string, std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "prefix,metric,lr,bsz,dev_performance,dev_loss,test_performance,test_loss,point");
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream cells_in(line);
    for (std::string cell; std::getline(cells_in, cell, ',');) cells.push_back(cell);
    rows[cells.back()] = cells;
  }
  return rows;
}

std::vector<double> train_losses(const fs::path& run) {
  std::ifstream events(run / "metrics.jsonl");
  std::vector<double> losses;
  for (std::string line; std::getline(events, line);) {
    const json e = json::parse(line);
    if (e["event"] == "train") losses.push_back(e["loss"]);
  }
  return losses;
}

constexpr const char* kRun = "lr_0.1_bsz_8_seed_42";

}  // namespace

TEST(WeightFindCli, EachFilterLearnsAMixtureWithFallingLoss) {
  for (const char* filter : {"block", "layer", "weight"}) {
    const auto start = std::chrono::steady_clock::now();
    auto out = test::temp_dir(filter);
    // --init-std 1: no logit starts where σ is 0 or 1 in float32 (|w| > 17).
    auto r = weight_find(out, std::string("--filter ") + filter +
                                  " --init-std 1 --train-iters 30 --valid-interval 10"
                                  " --log-interval 5 --output-interval 15");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const char* f : {"result.csv", "weight_find.json", "weight_find.svg"})
      EXPECT_TRUE(fs::exists(out / f)) << f;
    for (const char* f : {"weight_find.json", "weight_find@15.json", "weight_find@30.json",
                          "weight_find.svg", "log.txt", "metrics.jsonl", "result.json"})
      EXPECT_TRUE(fs::exists(out / kRun / f)) << f;
    EXPECT_FALSE(fs::exists(out / kRun / "weight_find.optim.safetensors"));

    const json found = json::parse(test::read_text(out / "weight_find.json"));
    EXPECT_EQ(found["filter"], filter);
    const std::map<std::string, std::size_t> groups = {{"block", 8}, {"layer", 14}, {"weight", 52}};
    EXPECT_EQ(found["groups"].size(), groups.at(filter));
    for (const auto& g : found["groups"]) {
      const double alpha = g["alpha"];
      EXPECT_GT(alpha, 0.0) << g["name"];
      EXPECT_LT(alpha, 1.0) << g["name"];
      EXPECT_NEAR(alpha, 1 / (1 + std::exp(-g["logit"].get<double>())), 1e-6) << g["name"];
    }
    const std::vector<double> losses = train_losses(out / kRun);
    ASSERT_EQ(losses.size(), 6u);
    EXPECT_LT(losses.back(), losses.front()) << filter;

    auto rows = rows_by_point(out);
    for (const char* point : {"ckpt1", "ckpt2", "midpoint", "found"})
      ASSERT_EQ(rows.count(point), 1u) << point;
    EXPECT_EQ(rows["found"][2], "0.1");
    EXPECT_EQ(rows["ckpt1"][2], "");
    std::cout << filter << ": dev loss ckpt1 " << rows["ckpt1"][5] << ", ckpt2 " << rows["ckpt2"][5]
              << ", midpoint " << rows["midpoint"][5] << ", found " << rows["found"][5]
              << "; train loss " << losses.front() << " -> " << losses.back() << " (" << seconds
              << " s)\n";
    const std::string svg = test::read_text(out / "weight_find.svg");
    EXPECT_NE(svg.find(">encoder<"), std::string::npos);
    EXPECT_NE(svg.find(">decoder<"), std::string::npos);
  }
}

TEST(WeightFindCli, ExportsStartsFromAnotherRunAndRefuses) {
  auto out = test::temp_dir("export");
  const fs::path hf = out / "hf";
  auto r = weight_find(out,
                       "--filter block --train-iters 10 --valid-interval 5 --no-predict "
                       "--export " +
                           hf.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"config.json", "model.safetensors", "spiece.model"})
    EXPECT_TRUE(fs::exists(hf / f)) << f;
  // The exported tensors are α·θ1 + (1 − α)·θ2 with each group's α.
  const json found = json::parse(test::read_text(out / "weight_find.json"));
  const ParamSet model = load_hf_weights(hf);
  const ParamSet a = read_safetensors(setup().a).tensors, b = read_safetensors(setup().b).tensors;
  for (const auto& g : found["groups"]) {
    const float alpha = g["alpha"].get<float>();
    for (const auto& name : g["params"]) {
      const std::string n = name;
      EXPECT_TRUE(torch::allclose(model.at(n), alpha * a.at(n) + (1 - alpha) * b.at(n), 1e-5, 1e-6))
          << n;
    }
  }
  // No test file evaluated: the test cells are empty.
  auto rows = rows_by_point(out);
  ASSERT_EQ(rows["found"].size(), 9u);
  EXPECT_EQ(rows["found"][6], "");
  EXPECT_EQ(rows["midpoint"][7], "");

  // --init-from continues from those logits at another rate, into another directory.
  auto next = test::temp_dir("next");
  auto again = weight_find(next,
                           "--filter block --train-iters 5 --lr 0.05 --no-predict "
                           "--valid-interval 0 --init-from " +
                               (out / "weight_find.json").string());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(test::read_text(next / "lr_0.05_bsz_8_seed_42/log.txt")
                .find("logits from " + (out / "weight_find.json").string()),
            std::string::npos);
  auto other = weight_find(test::temp_dir("other"), "--filter layer --train-iters 5 --init-from " +
                                                        (out / "weight_find.json").string());
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_NE(other.output.find("holds block groups, but this run groups by layer"),
            std::string::npos)
      << other.output;

  // An adapter checkpoint (its metadata says so) is not a whole model.
  SafetensorsFile adapter = read_safetensors(setup().a);
  adapter.metadata["method"] = "adapter";
  const fs::path adapters = next / "adapters.safetensors";
  write_safetensors(adapters, adapter.tensors, adapter.metadata);
  auto refused = test::run_mcplm("weight-find --model " + setup().model.string() + " --ckpt1 " +
                                 setup().a.string() + " --ckpt2 " + adapters.string() +
                                 " --task-dir " + setup().task.string() + " --output-dir " +
                                 test::temp_dir("refused").string() + " --filter block");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find(adapters.string() +
                                ": holds adapters: weight-find mixes two whole models"),
            std::string::npos)
      << refused.output;

  const std::string base =
      "--check-args weight-find --model m --task-dir t --output-dir o --ckpt1 a --ckpt2 b";
  EXPECT_EQ(test::run_mcplm(base + " --filter layer --lr 0.1 0.05").exit_code, 0);
  EXPECT_EQ(test::run_mcplm(base).exit_code, 2);  // --filter is required
  EXPECT_EQ(test::run_mcplm(base + " --filter stack").exit_code, 2);
  EXPECT_EQ(test::run_mcplm(base + " --filter block --init-std -1").exit_code, 2);
  auto help = test::run_mcplm("weight-find --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("default 0.1, as the original"), std::string::npos) << help.output;
}

TEST(WeightFindCli, ResumeAfterAKillGivesTheUninterruptedResult) {
  const std::string args =
      "--filter layer --train-iters 40 --valid-interval 10 --output-interval 10 --no-predict";
  auto whole_dir = test::temp_dir("whole");
  auto whole = weight_find(whole_dir, args);
  ASSERT_EQ(whole.exit_code, 0) << whole.output;

  // Killed (SIGKILL: no chance to save) once the first interval save is on disk.
  auto dir = test::temp_dir("killed");
  const fs::path resume_file = dir / kRun / "weight_find.optim.safetensors";
  int pid = test::spawn_mcplm(weight_find_args(dir, args), dir.parent_path() / "killed.log");
  test::kill_when(pid, [&] { return fs::exists(resume_file); });
  if (!fs::exists(resume_file) || fs::exists(dir / kRun / "result.json"))
    GTEST_SKIP() << "the run finished before it was killed";

  // Started again without --resume: refused, the interrupted run kept.
  auto fresh = weight_find(dir, args);
  EXPECT_EQ(fresh.exit_code, 2) << fresh.output;
  EXPECT_NE(fresh.output.find("holds an interrupted run (weight_find.optim.safetensors): pass "
                              "--resume to continue it"),
            std::string::npos)
      << fresh.output;
  ASSERT_TRUE(fs::exists(resume_file));

  // Other options are refused.
  auto other = weight_find(dir,
                           "--filter layer --train-iters 50 --valid-interval 10 "
                           "--output-interval 10 --no-predict --resume");
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_NE(other.output.find("resume with the first run's options"), std::string::npos)
      << other.output;
  auto resumed = weight_find(dir, args + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(test::read_text(dir / kRun / "log.txt").find("resumed from"), std::string::npos);
  EXPECT_EQ(test::read_text(dir / kRun / "weight_find.json"),
            test::read_text(whole_dir / kRun / "weight_find.json"));
  EXPECT_EQ(test::read_text(dir / kRun / "result.json"),
            test::read_text(whole_dir / kRun / "result.json"));

  // A finished cell is skipped.
  auto finished = weight_find(dir, args + " --resume");
  ASSERT_EQ(finished.exit_code, 0) << finished.output;
  EXPECT_NE(finished.output.find("finished earlier, skipped"), std::string::npos)
      << finished.output;
  // Unless the new command asks for something else.
  auto longer = weight_find(dir,
                            "--filter layer --train-iters 50 --valid-interval 10 "
                            "--output-interval 10 --no-predict");
  EXPECT_EQ(longer.exit_code, 2) << longer.output;
  EXPECT_NE(longer.output.find("finished earlier with other options: train_iters 40 (now 50)"),
            std::string::npos)
      << longer.output;
}
