// End-to-end runs of `mcplm interpolate` on the toy task with a tiny T5.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/io/safetensors.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

// Two adapter runs (seeds 20, 30) on a small toy subset, shared by the tests
// of one process.
const test::ToyRuns& endpoints() {
  static const test::ToyRuns runs = test::tune_two_toy_runs(
      fs::temp_directory_path() / ("mcplm-itp-" + std::to_string(::getpid())),
      "--method adapter --adapter-size 4", 15);
  return runs;
}

test::RunResult interpolate(const fs::path& ckpt1, const fs::path& ckpt2, const fs::path& out,
                            const std::string& extra = "--points 5") {
  const test::ToyRuns& e = endpoints();
  return test::run_mcplm("--threads 1 interpolate --model " + e.model.string() + " --ckpt1 " +
                         ckpt1.string() + " --ckpt2 " + ckpt2.string() + " --task-dir " +
                         e.task.string() + " --output-dir " + out.string() +
                         " --do-valid --do-predict " + extra);
}

std::vector<std::vector<std::string>> csv_rows(const fs::path& file) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(test::read_text(file));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream cs(line);
    std::string cell;
    while (std::getline(cs, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

const char* kOutputs[] = {"result.csv",
                          "valid_data_analysis.json",
                          "test_data_analysis.json",
                          "data_analyze.txt",
                          "solution_analysis.txt",
                          "summary.json",
                          "interpolation.svg",
                          "points.jsonl"};

}  // namespace

TEST(InterpolateCli, WritesEveryOutputOnTheGrid) {
  auto out = test::temp_dir("itp");
  auto r = interpolate(endpoints().a, endpoints().b, out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : kOutputs) EXPECT_TRUE(fs::exists(out / f)) << f;
  auto rows = csv_rows(out / "result.csv");
  ASSERT_EQ(rows.size(), 7u);  // header, 5 points, average
  EXPECT_EQ(rows[0], (std::vector<std::string>{"prefix", "metric", "x", "dev_performance",
                                               "dev_loss", "test_performance", "test_loss"}));
  const char* xs[] = {"0.0000", "0.2500", "0.5000", "0.7500", "1.0000"};
  double dev_sum = 0;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(rows[i + 1][0], "toy-sentiment");
    EXPECT_EQ(rows[i + 1][1], "ACC");
    EXPECT_EQ(rows[i + 1][2], xs[i]);
    dev_sum += std::stod(rows[i + 1][3]);
  }
  EXPECT_EQ(rows[6][0], "average");
  EXPECT_NEAR(std::stod(rows[6][3]), dev_sum / 5, 1e-4);

  auto valid = nlohmann::json::parse(test::read_text(out / "valid_data_analysis.json"));
  EXPECT_EQ(valid.size(), 5u);
  EXPECT_TRUE(valid.contains("0.25"));
  EXPECT_TRUE(valid["0.0"].contains("up_list"));
  auto summary = nlohmann::json::parse(test::read_text(out / "summary.json"));
  EXPECT_TRUE(summary["dev"].contains("loss_barrier"));
  EXPECT_NE(test::read_text(out / "data_analyze.txt").find("DEV: round x = 0.25, in dev_data:"),
            std::string::npos);
  EXPECT_NE(r.output.find("x=0.5"), std::string::npos) << r.output;

  // The ends are the checkpoints themselves: a path from A to A gives row x=0.
  auto same = test::temp_dir("same");
  ASSERT_EQ(interpolate(endpoints().a, endpoints().a, same, "--points 2").exit_code, 0);
  auto alone = csv_rows(same / "result.csv");
  EXPECT_EQ(std::vector<std::string>(alone[1].begin() + 3, alone[1].end()),
            std::vector<std::string>(rows[1].begin() + 3, rows[1].end()));
  auto same_b = test::temp_dir("same_b");
  ASSERT_EQ(interpolate(endpoints().b, endpoints().b, same_b, "--points 2").exit_code, 0);
  auto alone_b = csv_rows(same_b / "result.csv");
  EXPECT_EQ(std::vector<std::string>(alone_b[2].begin() + 3, alone_b[2].end()),
            std::vector<std::string>(rows[5].begin() + 3, rows[5].end()));
}

TEST(InterpolateCli, ShardsMergeAndResumeGiveTheSameFiles) {
  auto full = test::temp_dir("full");
  ASSERT_EQ(interpolate(endpoints().a, endpoints().b, full).exit_code, 0);

  auto s0 = test::temp_dir("s0"), s1 = test::temp_dir("s1"), merged = test::temp_dir("merged");
  ASSERT_EQ(
      interpolate(endpoints().a, endpoints().b, s0, "--points 5 --points-shard 0/2").exit_code, 0);
  ASSERT_EQ(
      interpolate(endpoints().a, endpoints().b, s1, "--points 5 --points-shard 1/2").exit_code, 0);
  EXPECT_EQ(csv_rows(s0 / "result.csv").size(), 4u);  // header + x 0, 0.5, 1
  auto m = test::run_mcplm("interpolate merge " + s0.string() + " " + s1.string() +
                           " --output-dir " + merged.string());
  ASSERT_EQ(m.exit_code, 0) << m.output;
  for (const char* f : kOutputs)
    EXPECT_EQ(test::read_text(merged / f), test::read_text(full / f)) << f;

  // An interrupted run: two points recorded, the third cut mid-line.
  auto cut = test::temp_dir("cut");
  ASSERT_EQ(interpolate(endpoints().a, endpoints().b, cut).exit_code, 0);
  std::istringstream lines(test::read_text(cut / "points.jsonl"));
  std::string l1, l2, l3;
  std::getline(lines, l1), std::getline(lines, l2), std::getline(lines, l3);
  for (const auto& entry : fs::directory_iterator(cut))
    if (entry.path().filename() != "path.json") fs::remove_all(entry.path());  // written first
  std::ofstream(cut / "points.jsonl") << l1 << "\n" << l2 << "\n" << l3.substr(0, l3.size() / 2);
  auto refused = interpolate(endpoints().a, endpoints().b, cut);
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("--resume"), std::string::npos) << refused.output;
  auto resumed = interpolate(endpoints().a, endpoints().b, cut, "--points 5 --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("3 point(s) to evaluate (2 done)"), std::string::npos)
      << resumed.output;
  for (const char* f : kOutputs)
    EXPECT_EQ(test::read_text(cut / f), test::read_text(full / f)) << f;
}

TEST(InterpolateCli, OriginalPtCheckpointGivesTheSamePath) {
  // The fixture .pt holds the same adapters as t5_adapter_weights.safetensors.
  auto fx = test::fixtures();
  auto task = endpoints().task;
  auto run = [&](const fs::path& ckpt, const fs::path& out) {
    return test::run_mcplm("--threads 1 interpolate --model " + (fx / "t5-tiny").string() +
                           " --ckpt1 " + ckpt.string() + " --ckpt2 " +
                           (fx / "t5_adapter_weights.safetensors").string() + " --task-dir " +
                           task.string() + " --output-dir " + out.string() +
                           " --points 2 --do-valid --max-output-length 8");
  };
  auto from_pt = test::temp_dir("pt"), from_st = test::temp_dir("st");
  auto a = run(fx / "original_adapter_checkpoint.pt", from_pt);
  ASSERT_EQ(a.exit_code, 0) << a.output;
  ASSERT_EQ(run(fx / "t5_adapter_weights.safetensors", from_st).exit_code, 0);
  EXPECT_EQ(test::read_text(from_pt / "result.csv"), test::read_text(from_st / "result.csv"));
  auto rows = csv_rows(from_pt / "result.csv");
  EXPECT_EQ(std::vector<std::string>(rows[1].begin() + 3, rows[1].end()),
            std::vector<std::string>(rows[2].begin() + 3, rows[2].end()));
}

TEST(InterpolateCli, MismatchedCheckpointsAreRefused) {
  auto out = test::temp_dir("bad");
  auto r = interpolate(endpoints().a, test::fixtures() / "t5_adapter_weights.safetensors", out);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("mcplm: error: "), std::string::npos) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

// Adapters tuned on one base evaluated on another meant ACC 0 everywhere,
// silently: the checkpoints record their base's fingerprint, a different
// --model is refused, --allow-other-base runs it and says so in the log and
// path.json; a copy of the same base elsewhere is the same base.
TEST(InterpolateCli, CheckpointsOfAnotherBaseAreRefusedUnlessAllowed) {
  const test::ToyRuns& e = endpoints();
  const fs::path dir = test::temp_dir("other-base");
  const fs::path other = test::init_tiny_t5(dir / "t5-other", /*seed=*/2);
  auto run = [&](const fs::path& model, const fs::path& out, const std::string& extra) {
    return test::run_mcplm("--threads 1 interpolate --model " + model.string() + " --ckpt1 " +
                           e.a.string() + " --ckpt2 " + e.b.string() + " --task-dir " +
                           e.task.string() + " --output-dir " + out.string() +
                           " --do-valid --points 2 " + extra);
  };
  auto refused = run(other, dir / "refused", "");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_EQ(std::count(refused.output.begin(), refused.output.end(), '\n'), 1) << refused.output;
  for (const std::string& part :
       {"mcplm: error: " + e.a.string() + ": tuned from the base model " + e.model.string(),
        "but --model " + other.string() + " is another model", std::string("--allow-other-base")})
    EXPECT_NE(refused.output.find(part), std::string::npos) << part << "\n" << refused.output;
  EXPECT_FALSE(fs::exists(dir / "refused" / "result.csv"));

  auto allowed = run(other, dir / "allowed", "--allow-other-base");
  ASSERT_EQ(allowed.exit_code, 0) << allowed.output;
  EXPECT_NE(allowed.output.find("note: " + e.b.string() + ": tuned from the base model"),
            std::string::npos)
      << allowed.output;
  const auto path = nlohmann::json::parse(test::read_text(dir / "allowed" / "path.json"));
  EXPECT_EQ(path["inputs"]["other_base"].size(), 2u) << path.dump(2);

  fs::copy(e.model, dir / "t5-copy", fs::copy_options::recursive);
  auto copy = run(dir / "t5-copy", dir / "copy", "");
  ASSERT_EQ(copy.exit_code, 0) << copy.output;
  EXPECT_EQ(copy.output.find("note: "), std::string::npos) << copy.output;
  ASSERT_EQ(run(e.model, dir / "same", "").exit_code, 0);
  EXPECT_EQ(test::read_text(dir / "copy" / "result.csv"),
            test::read_text(dir / "same" / "result.csv"));
}

// An adapter file with a tensor the model does not have was interpolated
// (the tensor ignored) while dist refused it: both refuse it now.
TEST(InterpolateCli, AnEndWithAStrayTensorIsRefusedAsDistRefusesIt) {
  const test::ToyRuns& e = endpoints();
  const fs::path dir = test::temp_dir("stray");
  SafetensorsFile b = read_safetensors(e.b);
  b.tensors.set("stray.weight", torch::zeros({3}));
  write_safetensors(dir / "b-stray.safetensors", b.tensors, b.metadata);
  auto r = interpolate(e.a, dir / "b-stray.safetensors", dir / "out");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find((dir / "b-stray.safetensors").string() +
                          ": holds 1 tensor(s) that the model tuned by adapter does not have: "
                          "stray.weight"),
            std::string::npos)
      << r.output;
  auto d = test::run_mcplm("dist --input1 " + e.a.string() + " --input2 " +
                           (dir / "b-stray.safetensors").string());
  EXPECT_EQ(d.exit_code, 2) << d.output;
}

// Adapters at one end and a full model at the other: the message names
// both files and what each holds.
TEST(InterpolateCli, AdaptersAgainstAFullModelNameBothFiles) {
  const test::ToyRuns& e = endpoints();
  auto r = interpolate(e.a, e.model, test::temp_dir("mixed-kinds"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("ckpt1 " + e.a.string() + " holds adapters (20 tensors) but ckpt2 " +
                          e.model.string() + " holds a full model ("),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("give two checkpoints of one tuning method"), std::string::npos)
      << r.output;
}

TEST(InterpolateCli, PlotNamesTheEndsTicksEveryPointAndTakesLogLoss) {
  auto out = test::temp_dir("plot");
  auto r = interpolate(endpoints().a, endpoints().b, out, "--points 5 --log-loss");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = test::read_text(out / "interpolation.svg");
  // The ends from the checkpoints' metadata (checkpoint-last: update 15).
  EXPECT_NE(svg.find(">θ1: seed 20, update 15<"), std::string::npos);
  EXPECT_NE(svg.find(">θ2: seed 30, update 15<"), std::string::npos);
  for (const char* tick : {">0.25<", ">0.5<", ">0.75<"})
    EXPECT_NE(svg.find(tick), std::string::npos) << tick;
  EXPECT_NE(svg.find("loss (log scale)"), std::string::npos);
  // What the plot needs is kept in path.json, for --resume and merge.
  const auto meta = nlohmann::json::parse(test::read_text(out / "path.json"));
  EXPECT_EQ(meta["plot"]["ends"],
            nlohmann::json::array({"seed 20, update 15", "seed 30, update 15"}));
  EXPECT_EQ(meta["plot"]["log_loss"], true);
}

TEST(InterpolateCli, SeveralTasksOverlaidInOneFigure) {
  const test::ToyRuns& e = endpoints();
  // A second task: the toy subset's files under another name.
  const fs::path copy = test::temp_dir("tasks") / "toy-copy";
  fs::create_directories(copy);
  for (const char* role : {"train", "dev", "test"})
    fs::copy_file(e.task / (std::string("toy-sentiment_") + role + ".tsv"),
                  copy / (std::string("toy-copy_") + role + ".tsv"));
  auto run = [&](const fs::path& out, const std::string& extra) {
    return test::run_mcplm(
        "--threads 1 interpolate --model " + e.model.string() + " --ckpt1 " + e.a.string() +
        " --ckpt2 " + e.b.string() + " --task-dir " + e.task.string() + " --task-dir " +
        copy.string() + " --metric ACC --points 3 --do-valid --output-dir " + out.string() + extra);
  };
  auto out = test::temp_dir("both");
  auto r = run(out, "");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"toy-sentiment/interpolation.svg", "toy-copy/interpolation.svg"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const std::string svg = test::read_text(out / "interpolation.svg");
  EXPECT_NE(svg.find("toy-copy, toy-sentiment: linear interpolation"), std::string::npos);
  for (const char* series : {">toy-copy dev<", ">toy-sentiment dev<"})
    EXPECT_NE(svg.find(series), std::string::npos) << series;

  // Merged shards draw the same figure.
  auto s0 = test::temp_dir("s0"), s1 = test::temp_dir("s1"), merged = test::temp_dir("merged");
  ASSERT_EQ(run(s0, " --points-shard 0/2").exit_code, 0);
  ASSERT_EQ(run(s1, " --points-shard 1/2").exit_code, 0);
  EXPECT_FALSE(fs::exists(s0 / "interpolation.svg"));
  auto m = test::run_mcplm("interpolate merge " + s0.string() + " " + s1.string() +
                           " --output-dir " + merged.string());
  ASSERT_EQ(m.exit_code, 0) << m.output;
  EXPECT_EQ(test::read_text(merged / "interpolation.svg"), svg);
}
