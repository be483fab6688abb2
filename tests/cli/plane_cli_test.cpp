// End-to-end runs of `mcplm plane` on the toy task with a tiny T5: the plane
// through three adapter solutions, random directions, shards and resume.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/connect/plane_grid.h"
#include "mcplm/io/load_params.h"
#include "mcplm/io/safetensors.h"
#include "process_util.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

struct PlaneSetup {
  fs::path dir, model, task, a, b, c;
};

// Two adapter runs (seeds 20, 30) and a third point θ3 = θ1 + the part of a
// third run (seed 40) orthogonal to θ2 − θ1, so that θ3 sits at (0, b): with
// --grid 3 --margin 0 all three inputs are grid points.
const PlaneSetup& setup() {
  static PlaneSetup s = [] {
    PlaneSetup s;
    s.dir = fs::temp_directory_path() / ("mcplm-plane-" + std::to_string(::getpid()));
    fs::remove_all(s.dir);
    s.model = test::init_tiny_t5(s.dir / "t5");
    s.task = test::toy_task_subset(s.dir / "data", 200, 24, 24);
    for (int seed : {20, 30, 40}) {
      auto r =
          test::run_mcplm("--threads 1 tune --quiet --model " + s.model.string() + " --task-dir " +
                          s.task.string() + " --output-dir " + (s.dir / "runs").string() +
                          " --method adapter --adapter-size 4 --lr 1e-2 --bsz 16"
                          " --train-iters 15 --no-predict --seed " +
                          std::to_string(seed));
      if (r.exit_code != 0) throw std::runtime_error(r.output);
    }
    auto run = [&](int seed) {
      return s.dir / ("runs/lr_0.01_bsz_16_seed_" + std::to_string(seed)) /
             "checkpoint-last.safetensors";
    };
    s.a = run(20);
    s.b = run(30);
    const LoadedParams t1 = load_params(s.a), t2 = load_params(s.b), t3 = load_params(run(40));
    const double a2 = offset_dot(t2.params, t2.params, t1.params);
    const double along = offset_dot(t3.params, t2.params, t1.params) / a2;
    ParamSet third;
    for (const auto& [name, x1] : t1.params)
      third.set(name, t3.params.at(name) - (t2.params.at(name) - x1) * along);
    s.c = s.dir / "third.safetensors";
    write_safetensors(s.c, third, t1.metadata);
    return s;
  }();
  return s;
}

test::RunResult plane(const fs::path& out, const std::string& extra) {
  const PlaneSetup& s = setup();
  return test::run_mcplm("--threads 1 plane --model " + s.model.string() + " --task-dir " +
                         s.task.string() + " --output-dir " + out.string() + " --do-valid " +
                         extra);
}

std::string three_points() {
  const PlaneSetup& s = setup();
  return " --ckpt1 " + s.a.string() + " --ckpt2 " + s.b.string() + " --ckpt3 " + s.c.string();
}

std::vector<json> records(const fs::path& file) {
  std::vector<json> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

// (i, j) -> the grid point's record.
std::map<std::pair<int, int>, json> grid_records(const fs::path& dir) {
  std::map<std::pair<int, int>, json> out;
  for (const auto& r : records(dir / "points.jsonl")) out[{r["i"], r["j"]}] = r;
  return out;
}

// Dev loss of one checkpoint alone: x = 0 of interpolate between it and θ1.
double dev_loss_alone(const fs::path& ckpt, const std::string& name) {
  const PlaneSetup& s = setup();
  const fs::path out = test::temp_dir("plane-alone-" + name);
  auto r = test::run_mcplm("--threads 1 interpolate --model " + s.model.string() + " --task-dir " +
                           s.task.string() + " --output-dir " + out.string() + " --ckpt1 " +
                           ckpt.string() + " --ckpt2 " + s.a.string() + " --points 2 --do-valid");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const auto& p : records(out / "points.jsonl"))
    if (p["x"] == 0.0) return p["dev"]["loss"];
  return -1;
}

}  // namespace

TEST(PlaneCli, GridPointsAtTheInputsEvaluateThoseCheckpoints) {
  const fs::path out = test::temp_dir("plane-three");
  auto r = plane(out, three_points() + " --grid 3 --margin 0");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"plane.csv", "plane.json", "plane.svg", "points.jsonl"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  std::istringstream csv(test::read_text(out / "plane.csv"));
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "i,j,x,y,w1,w2,w3,dev_performance,dev_loss,test_performance,test_loss");
  const json plane = json::parse(test::read_text(out / "plane.json"));
  EXPECT_NEAR(plane["basis"]["c"].get<double>(), 0.0, 1e-3);  // θ3 was made orthogonal

  auto grid = grid_records(out);
  ASSERT_EQ(grid.size(), 9u);
  const PlaneSetup& s = setup();
  // θ1 at (0, 0), θ2 at (2, 0), θ3 at (0, 2); w sums to 1 everywhere.
  const std::map<std::pair<int, int>, std::pair<fs::path, std::string>> inputs{
      {{0, 0}, {s.a, "a"}}, {{2, 0}, {s.b, "b"}}, {{0, 2}, {s.c, "c"}}};
  for (const auto& [ij, input] : inputs) {
    const double want = dev_loss_alone(input.first, input.second);
    const double got = grid[ij]["dev"]["loss"];
    EXPECT_NEAR(got, want, 1e-4 * std::abs(want)) << input.first;
  }
  for (const auto& [ij, rec] : grid) {
    const auto w = rec["combination"].get<std::vector<double>>();
    ASSERT_EQ(w.size(), 3u);
    EXPECT_NEAR(w[0] + w[1] + w[2], 1.0, 1e-9);
  }

  // An arbitrary grid point equals interpolate's evaluation of its combination.
  const auto w = grid[std::make_pair(1, 1)]["combination"].get<std::vector<double>>();
  const LoadedParams t1 = load_params(s.a);
  const ParamSet combined =
      plane_point(t1.params, load_params(s.b).params, load_params(s.c).params, {w[0], w[1], w[2]});
  const fs::path saved = s.dir / "point_1_1.safetensors";
  write_safetensors(saved, combined, t1.metadata);
  EXPECT_NEAR(grid[std::make_pair(1, 1)]["dev"]["loss"].get<double>(), dev_loss_alone(saved, "p11"),
              1e-6);
}

TEST(PlaneCli, ShardsMergeIntoTheUnshardedPlane) {
  const fs::path whole = test::temp_dir("plane-whole");
  ASSERT_EQ(plane(whole, three_points() + " --grid 3").exit_code, 0);
  const fs::path merged_dir = test::temp_dir("plane-merged") / "out";
  std::string merge = "plane merge --output-dir " + merged_dir.string();
  std::vector<fs::path> shards;
  for (int i = 0; i < 2; ++i) {
    const fs::path dir = test::temp_dir("plane-shard" + std::to_string(i));
    shards.push_back(dir);
    auto r = plane(dir, three_points() + " --grid 3 --points-shard " + std::to_string(i) + "/2");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_FALSE(fs::exists(dir / "plane.csv"));  // a shard writes its records only
    merge += " " + dir.string();
  }
  auto incomplete =
      test::run_mcplm("plane merge --output-dir " +
                      (test::temp_dir("plane-part") / "out").string() + " " + shards[0].string());
  EXPECT_EQ(incomplete.exit_code, 2) << incomplete.output;
  EXPECT_NE(incomplete.output.find("the shards hold 5 of the 9 grid points"), std::string::npos)
      << incomplete.output;
  auto merged = test::run_mcplm(merge);
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  EXPECT_EQ(test::read_text(merged_dir / "plane.csv"), test::read_text(whole / "plane.csv"));
}

TEST(PlaneCli, ResumeAfterAKillGivesTheUninterruptedPlane) {
  const fs::path whole = test::temp_dir("plane-uninterrupted");
  ASSERT_EQ(plane(whole, three_points() + " --grid 3").exit_code, 0);
  const fs::path dir = test::temp_dir("plane-killed");
  const PlaneSetup& s = setup();
  int pid = test::spawn_mcplm("--threads 1 plane --model " + s.model.string() + " --task-dir " +
                                  s.task.string() + " --output-dir " + dir.string() +
                                  " --do-valid --grid 3" + three_points(),
                              dir.parent_path() / "plane-killed.log");
  test::kill_when(pid, [&] { return records(dir / "points.jsonl").size() >= 2; });
  if (fs::exists(dir / "plane.csv")) GTEST_SKIP() << "the run finished before it was killed";

  auto refused = plane(dir, three_points() + " --grid 3");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("pass --resume"), std::string::npos) << refused.output;
  auto other = plane(dir, three_points() + " --grid 5 --resume");
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_NE(other.output.find("describes another plane (differs in grid"), std::string::npos)
      << other.output;
  auto resumed = plane(dir, three_points() + " --grid 3 --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(test::read_text(dir / "plane.csv"), test::read_text(whole / "plane.csv"));
}

TEST(PlaneCli, RandomDirectionsAroundOneSolution) {
  const PlaneSetup& s = setup();
  const fs::path out = test::temp_dir("plane-random");
  auto r = plane(out, "--directions random --filter-norm --grid 3x1 --range 0.5 --seed 3 --ckpt1 " +
                          s.a.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream csv(test::read_text(out / "plane.csv"));
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "i,j,alpha,beta,dev_performance,dev_loss,test_performance,test_loss");
  auto grid = grid_records(out);
  ASSERT_EQ(grid.size(), 3u);
  EXPECT_EQ(grid[std::make_pair(1, 0)]["combination"], json::array({0.0, 0.0}));
  EXPECT_NEAR(grid[std::make_pair(1, 0)]["dev"]["loss"].get<double>(),
              dev_loss_alone(s.a, "random-center"), 1e-6);
  auto mixed =
      plane(out / "x", "--directions random --ckpt1 " + s.a.string() + " --ckpt2 " + s.b.string());
  EXPECT_EQ(mixed.exit_code, 2) << mixed.output;
}
