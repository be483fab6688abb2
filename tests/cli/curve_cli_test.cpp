// End-to-end runs of `mcplm curve` and `interpolate --curve` on the toy task
// with a tiny T5: two adapter runs, a one-bend curve between them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mcplm/io/safetensors.h"
#include "process_util.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

// Two adapter runs (seeds 20, 30) on a small toy subset, shared by the tests
// of one process.
const test::ToyRuns& setup() {
  static const test::ToyRuns runs = test::tune_two_toy_runs(
      fs::temp_directory_path() / ("mcplm-curve-" + std::to_string(::getpid())),
      "--method adapter --adapter-size 4", 15);
  return runs;
}

test::RunResult curve(const fs::path& out, const std::string& extra) {
  const test::ToyRuns& s = setup();
  return test::run_mcplm("--threads 1 curve --quiet --model " + s.model.string() + " --ckpt1 " +
                         s.a.string() + " --ckpt2 " + s.b.string() + " --task-dir " +
                         s.task.string() + " --output-dir " + out.string() + " " + extra);
}

nlohmann::json summary(const fs::path& dir) {
  return nlohmann::json::parse(test::read_text(dir / "summary.json"));
}

// The cells of result.csv's row `row` (0: the header) after prefix, metric, x.
std::string row_values(const fs::path& dir, int row) {
  std::istringstream in(test::read_text(dir / "result.csv"));
  std::string line;
  for (int i = 0; i <= row; ++i) std::getline(in, line);
  return line.substr(line.find(',', line.find(',', line.find(',') + 1) + 1));
}

}  // namespace

TEST(CurveCli, OneBendCurveHasNoHigherDevLossBarrierThanTheLine) {
  auto out = test::temp_dir("curve");
  auto r = curve(out, "--bends 1 --lr 1e-2 --train-iters 30 --points 5 --compare-linear");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f :
       {"curve.safetensors", "log.txt", "metrics.jsonl", "result.csv", "valid_data_analysis.json",
        "test_data_analysis.json", "data_analyze.txt", "solution_analysis.txt", "summary.json",
        "interpolation.svg", "points.jsonl", "linear/result.csv", "linear/summary.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;

  const double curve_barrier = summary(out)["dev"]["loss_barrier"]["height"];
  const double line_barrier = summary(out / "linear")["dev"]["loss_barrier"]["height"];
  std::cout << "dev loss barrier: curve " << curve_barrier << ", linear " << line_barrier << "\n";
  EXPECT_LE(curve_barrier, line_barrier);
  EXPECT_NE(r.output.find("linear path: dev loss barrier"), std::string::npos) << r.output;

  // t = 0 and t = 1 are the ends: the same rows as the linear path's.
  EXPECT_EQ(row_values(out, 1), row_values(out / "linear", 1));
  EXPECT_EQ(row_values(out, 5), row_values(out / "linear", 5));
  EXPECT_NE(row_values(out, 3), row_values(out / "linear", 3));
  const std::string svg = test::read_text(out / "interpolation.svg");
  EXPECT_NE(svg.find("Bézier curve, 1 bend"), std::string::npos);
  EXPECT_NE(svg.find("dev (linear)"), std::string::npos);
  // A curve's parameter is t, in the plot and in the log; each point says which path it is on.
  EXPECT_NE(svg.find(R"(text-anchor="middle">t</text>)"), std::string::npos);
  EXPECT_NE(r.output.find("curve t=0.5 "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("line x=0.5 "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("; linear path: dev loss barrier"), std::string::npos) << r.output;

  // The linear comparison is exactly `interpolate` between the same ends.
  auto line = test::temp_dir("line");
  auto itp = test::run_mcplm("--threads 1 interpolate --model " + setup().model.string() +
                             " --ckpt1 " + setup().a.string() + " --ckpt2 " + setup().b.string() +
                             " --task-dir " + setup().task.string() + " --output-dir " +
                             line.string() + " --points 5 --do-valid --do-predict");
  ASSERT_EQ(itp.exit_code, 0) << itp.output;
  EXPECT_EQ(test::read_text(line / "result.csv"), test::read_text(out / "linear/result.csv"));

  // `interpolate --curve` re-evaluates the saved curve to the same files.
  auto again = test::temp_dir("again");
  auto re = test::run_mcplm("--threads 1 interpolate --model " + setup().model.string() +
                            " --curve " + (out / "curve.safetensors").string() + " --task-dir " +
                            setup().task.string() + " --output-dir " + again.string() +
                            " --points 5 --do-valid --do-predict --compare-linear");
  ASSERT_EQ(re.exit_code, 0) << re.output;
  for (const char* f : {"result.csv", "summary.json", "interpolation.svg", "linear/result.csv"})
    EXPECT_EQ(test::read_text(again / f), test::read_text(out / f)) << f;
}

TEST(CurveCli, PolyChainFromRandomBendsAndRefusals) {
  auto out = test::temp_dir("chain");
  auto r = curve(out,
                 "--kind polychain --bends 2 --init random --train-iters 4 --points 4 "
                 "--no-predict --optimizer adamw --lr 1e-3");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(summary(out).contains("test"));  // --no-predict: dev only
  EXPECT_NE(test::read_text(out / "interpolation.svg").find("poly-chain curve, 2 bends"),
            std::string::npos);

  // The output directory holds results: refused before any training.
  auto again = curve(out, "--train-iters 4 --points 4");
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("already holds a curve or results"), std::string::npos)
      << again.output;

  // A curve evaluated between other ends than its own.
  auto wrong =
      test::run_mcplm("interpolate --model " + setup().model.string() + " --curve " +
                      (out / "curve.safetensors").string() + " --ckpt2 " + setup().a.string() +
                      " --task-dir " + setup().task.string() + " --output-dir " +
                      test::temp_dir("wrong").string() + " --points 3 --do-valid");
  EXPECT_EQ(wrong.exit_code, 2) << wrong.output;
  EXPECT_NE(wrong.output.find("is not the curve's end 2"), std::string::npos) << wrong.output;

  auto not_curve =
      test::run_mcplm("interpolate --model " + setup().model.string() + " --curve " +
                      setup().a.string() + " --task-dir " + setup().task.string() +
                      " --output-dir " + test::temp_dir("nc").string() + " --do-valid");
  EXPECT_EQ(not_curve.exit_code, 2) << not_curve.output;
  EXPECT_NE(not_curve.output.find("not a curve file"), std::string::npos) << not_curve.output;
}

TEST(CurveCli, ResumeAfterAKillGivesTheUninterruptedCurve) {
  const std::string args =
      "--bends 1 --lr 1e-2 --train-iters 40 --save-interval 10 --points 3 --no-predict";
  auto whole_dir = test::temp_dir("curve-whole");
  auto whole = curve(whole_dir, args);
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  EXPECT_FALSE(fs::exists(whole_dir / "curve.optim.safetensors"));  // trained: nothing to resume

  // Killed (SIGKILL: no chance to save) once the first interval save is on disk.
  auto dir = test::temp_dir("curve-killed");
  const auto& s = setup();
  int pid =
      test::spawn_mcplm("--threads 1 curve --quiet --model " + s.model.string() + " --ckpt1 " +
                            s.a.string() + " --ckpt2 " + s.b.string() + " --task-dir " +
                            s.task.string() + " --output-dir " + dir.string() + " " + args,
                        dir.parent_path() / "curve-killed.log");
  test::kill_when(pid, [&] { return fs::exists(dir / "curve.optim.safetensors"); });
  if (!fs::exists(dir / "curve.optim.safetensors") || fs::exists(dir / "points.jsonl"))
    GTEST_SKIP() << "the run finished before it was killed";
  EXPECT_EQ(read_safetensors_metadata(dir / "curve.safetensors").at("finished"), "false");

  // Without --resume the directory is refused; with other options, too.
  auto refused = curve(dir, args);
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("continue it with --resume"), std::string::npos) << refused.output;
  auto other = curve(dir, "--bends 2 --lr 1e-2 --train-iters 40 --points 3 --no-predict --resume");
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_NE(other.output.find("curve.optim.safetensors: holds a bezier curve, 1 bend(s)"),
            std::string::npos)
      << other.output;

  auto resumed = curve(dir, args + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(test::read_text(dir / "log.txt").find("resumed from"), std::string::npos);
  const SafetensorsFile want = read_safetensors(whole_dir / "curve.safetensors");
  const SafetensorsFile got = read_safetensors(dir / "curve.safetensors");
  ASSERT_EQ(got.tensors.names(), want.tensors.names());
  for (const auto& [name, t] : want.tensors)
    EXPECT_TRUE(torch::equal(got.tensors.at(name), t)) << name << " differs after resume";
  EXPECT_EQ(test::read_text(dir / "result.csv"), test::read_text(whole_dir / "result.csv"));

  // Resuming a finished run trains nothing and keeps its results.
  auto finished = curve(dir, args + " --resume");
  ASSERT_EQ(finished.exit_code, 0) << finished.output;
  EXPECT_NE(finished.output.find("the curve is trained"), std::string::npos) << finished.output;
  EXPECT_EQ(test::read_text(dir / "result.csv"), test::read_text(whole_dir / "result.csv"));
}
