// Issue 25's attacks that the malformed corpus cannot hold (they need a run
// first, a process to signal, a FIFO or a second writer): each refused with
// one `mcplm: error: FILE: what` line, or stopped cleanly.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <torch/torch.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <limits>
#include <thread>

#include "mcplm/io/safetensors.h"
#include "process_util.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

// Two adapter runs (seeds 20, 30) on a small toy subset, shared by the tests
// of one process.
const test::ToyRuns& ends() {
  static const test::ToyRuns runs = test::tune_two_toy_runs(
      fs::temp_directory_path() / ("mcplm-robust-" + std::to_string(::getpid())),
      "--method adapter --adapter-size 4", 3, 64, 8);
  return runs;
}

std::string interpolate_args(const fs::path& ckpt1, const fs::path& ckpt2, const fs::path& out,
                             const std::string& extra = "--points 3") {
  return "--threads 1 interpolate --model " + ends().model.string() + " --ckpt1 " + ckpt1.string() +
         " --ckpt2 " + ckpt2.string() + " --task-dir " + ends().task.string() + " --output-dir " +
         out.string() + " --do-valid " + extra;
}

// The run's output is one error line naming `file` first and holding `what`.
void expect_error_line(const test::RunResult& r, int code, const std::string& file,
                       const std::string& what) {
  EXPECT_EQ(r.exit_code, code) << r.output;
  const std::string prefix = "mcplm: error: " + file;
  const auto at = r.output.find(prefix);
  ASSERT_NE(at, std::string::npos) << "expected '" << prefix << "' in:\n" << r.output;
  const std::string line = r.output.substr(at, r.output.find('\n', at) - at);
  EXPECT_NE(line.find(what), std::string::npos) << "expected '" << what << "' in: " << line;
  EXPECT_EQ(r.output.find("Exception raised from"), std::string::npos) << r.output;
}

// `from` with its first tensor changed by `change`, written to `to`.
fs::path changed_checkpoint(const fs::path& from, const fs::path& to,
                            const std::function<torch::Tensor(torch::Tensor)>& change) {
  SafetensorsFile file = read_safetensors(from);
  const std::string first = file.tensors.names().front();
  file.tensors.set(first, change(file.tensors.at(first).clone()));
  write_safetensors(to, file.tensors, file.metadata);
  return to;
}

std::size_t line_count(const fs::path& file) {
  std::ifstream in(file);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}

}  // namespace

TEST(RobustnessCli, NonFiniteCheckpointValuesAreRefusedNamingFileAndTensor) {
  const auto dir = test::temp_dir("nan-ckpt");
  const fs::path nan = changed_checkpoint(ends().b, dir / "nan.safetensors", [](torch::Tensor t) {
    t.view({-1})[0] = std::numeric_limits<float>::quiet_NaN();
    return t;
  });
  const std::string tensor = read_safetensors(nan).tensors.names().front();
  expect_error_line(test::run_mcplm(interpolate_args(ends().a, nan, dir / "out")), 2, nan.string(),
                    "tensor " + tensor + " holds 1 non-finite value(s)");
  EXPECT_FALSE(fs::exists(dir / "out" / "points.jsonl"));
  expect_error_line(
      test::run_mcplm("dist --input1 " + ends().a.string() + " --input2 " + nan.string()), 2,
      nan.string(), "holds 1 non-finite value(s)");
}

TEST(RobustnessCli, IntegerTensorsInAnAdapterCheckpointAreRefused) {
  const auto dir = test::temp_dir("int-ckpt");
  const fs::path ints = changed_checkpoint(ends().b, dir / "int.safetensors", [](torch::Tensor t) {
    return (t * 1000).to(torch::kLong);
  });
  expect_error_line(test::run_mcplm(interpolate_args(ends().a, ints, dir / "out")), 2,
                    ints.string(), "is Long: a tuned tensor must be floating point");
}

TEST(RobustnessCli, ARobertaModelWithT5AdaptersNamesTheFamilies) {
  const auto dir = test::temp_dir("family");
  auto r = test::run_mcplm(
      "--threads 1 interpolate --model " + (test::fixtures() / "roberta-tiny").string() +
      " --ckpt1 " + ends().a.string() + " --ckpt2 " + ends().b.string() + " --task-dir " +
      ends().task.string() + " --output-dir " + (dir / "out").string() + " --do-valid --points 3");
  expect_error_line(r, 2, ends().a.string(), "a t5 checkpoint, but the model");
  EXPECT_NE(r.output.find("is roberta"), std::string::npos) << r.output;
}

TEST(RobustnessCli, ResumeRefusesAnotherPathNamingWhatDiffers) {
  const auto dir = test::temp_dir("resume-other");
  ASSERT_EQ(test::run_mcplm(interpolate_args(ends().a, ends().b, dir / "out")).exit_code, 0);
  const std::string before = test::read_text(dir / "out" / "points.jsonl");
  auto r =
      test::run_mcplm(interpolate_args(ends().a, ends().a, dir / "out", "--points 3 --resume"));
  expect_error_line(r, 2, (dir / "out" / "path.json").string(), "ckpt2_content (was ");
  auto grid =
      test::run_mcplm(interpolate_args(ends().a, ends().b, dir / "out", "--points 5 --resume"));
  expect_error_line(grid, 2, (dir / "out" / "path.json").string(), "points (was 3, now 5)");
  EXPECT_EQ(test::read_text(dir / "out" / "points.jsonl"), before);
  // The same inputs continue.
  EXPECT_EQ(
      test::run_mcplm(interpolate_args(ends().a, ends().b, dir / "out", "--points 3 --resume"))
          .exit_code,
      0);
}

TEST(RobustnessCli, MergeRefusesShardsOfOtherPathsIncompleteSetsAndAnExistingResult) {
  const auto dir = test::temp_dir("merge");
  auto shard = [&](const fs::path& ckpt2, const std::string& name, const std::string& which) {
    auto r = test::run_mcplm(
        interpolate_args(ends().a, ckpt2, dir / name, "--points 3 --points-shard " + which));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  };
  shard(ends().b, "s0", "0/2");
  shard(ends().b, "s1", "1/2");
  shard(ends().a, "other1", "1/2");
  auto merge = [&](const std::string& shards, const std::string& out) {
    return test::run_mcplm("interpolate merge " + shards + " --output-dir " + (dir / out).string());
  };
  expect_error_line(merge((dir / "s0").string() + " " + (dir / "other1").string(), "m1"), 2,
                    (dir / "other1" / "path.json").string(), "a shard of another path");
  expect_error_line(merge((dir / "s0").string(), "m2"), 2, (dir / "s0" / "path.json").string(),
                    "the shards do not cover the grid of 3 points exactly: missing x = 0.5");
  expect_error_line(merge((dir / "s0").string() + " " + (dir / "s0").string(), "m3"), 2, "",
                    "two shards hold x = 0.0");
  const std::string both = (dir / "s0").string() + " " + (dir / "s1").string();
  ASSERT_EQ(merge(both, "done").exit_code, 0);
  expect_error_line(merge(both, "done"), 2, (dir / "done" / "points.jsonl").string(),
                    "already holds results");
  for (const char* out : {"m1", "m2", "m3"}) EXPECT_FALSE(fs::exists(dir / out / "points.jsonl"));
}

TEST(RobustnessCli, InterpolateStopsOnSigtermAfterThePointAndRefusesASecondWriter) {
  const auto dir = test::temp_dir("itp-signal");
  const fs::path out = dir / "out";
  const int pid =
      test::spawn_mcplm(interpolate_args(ends().a, ends().b, out, "--points 1001"), dir / "log");
  ASSERT_TRUE(test::wait_until([&] { return line_count(out / "points.jsonl") >= 1; }))
      << test::read_text(dir / "log");
  auto second =
      test::run_mcplm(interpolate_args(ends().a, ends().b, out, "--points 1001 --resume"));
  expect_error_line(second, 2, out.string(), "another mcplm process is writing an interpolation");
  ::kill(pid, SIGTERM);
  EXPECT_EQ(test::wait_for_exit(pid), 130) << test::read_text(dir / "log");
  EXPECT_NE(test::read_text(dir / "log").find("interrupted after"), std::string::npos)
      << test::read_text(dir / "log");
  const std::size_t records = line_count(out / "points.jsonl");
  EXPECT_GE(records, 1u);
  EXPECT_LT(records, 1001u);
  EXPECT_EQ(test::read_text(out / "points.jsonl").back(), '\n');  // the last record whole
}

// `--resume` rewrites points.jsonl without a line an interruption cut
// short; a kill midway through that rewrite (here SIGXFSZ, when the file
// being written reaches half the record's size) must leave the old record
// whole (it left 82 of 4001 records when it was rewritten in place).
TEST(RobustnessCli, AKillDuringTheResumeRewriteLeavesTheRecordWhole) {
  const auto dir = test::temp_dir("itp-rewrite-kill");
  const fs::path out = dir / "out";
  ASSERT_EQ(test::run_mcplm(interpolate_args(ends().a, ends().b, out, "--points 5")).exit_code, 0);
  const std::string before = test::read_text(out / "points.jsonl");
  ASSERT_EQ(line_count(out / "points.jsonl"), 5u);

  // Limits inherited by the child (no core file), then restored.
  rlimit saved_size{}, saved_core{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved_size), 0);
  ASSERT_EQ(::getrlimit(RLIMIT_CORE, &saved_core), 0);
  rlimit size = saved_size, core = saved_core;
  size.rlim_cur = before.size() / 2;
  core.rlim_cur = 0;
  ASSERT_EQ(::setrlimit(RLIMIT_CORE, &core), 0);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &size), 0);
  auto killed = test::run_mcplm(interpolate_args(ends().a, ends().b, out, "--points 5 --resume"));
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &saved_size), 0);
  ASSERT_EQ(::setrlimit(RLIMIT_CORE, &saved_core), 0);
  EXPECT_EQ(killed.exit_code, 128 + SIGXFSZ) << killed.output;
  EXPECT_EQ(test::read_text(out / "points.jsonl"), before);

  auto resumed = test::run_mcplm(interpolate_args(ends().a, ends().b, out, "--points 5 --resume"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(test::read_text(out / "points.jsonl"), before);
}

TEST(RobustnessCli, TuneRefusesASecondWriterOfOneCell) {
  const auto dir = test::temp_dir("tune-lock");
  const std::string args = "--threads 1 tune --quiet --model " + ends().model.string() +
                           " --task-dir " + ends().task.string() + " --output-dir " +
                           (dir / "out").string() +
                           " --method adapter --adapter-size 4 --lr 1e-2 --bsz 16 --seed 1 ";
  const int pid = test::spawn_mcplm(args + "--train-iters 100000", dir / "log");
  const fs::path cell = dir / "out" / "lr_0.01_bsz_16_seed_1";
  ASSERT_TRUE(test::wait_until([&] { return fs::exists(cell / "log.txt"); }))
      << test::read_text(dir / "log");
  auto second = test::run_mcplm(args + "--train-iters 2");
  expect_error_line(second, 2, cell.string(), "another mcplm process is writing this sweep cell");
  ::kill(pid, SIGINT);
  EXPECT_EQ(test::wait_for_exit(pid), 130) << test::read_text(dir / "log");
}

TEST(RobustnessCli, ResultCsvQuotesFieldsAndLeavesAnUnevaluatedTestEmpty) {
  const auto dir = test::temp_dir("csv");
  const fs::path task = dir / "a,b\"c";
  fs::create_directories(task);
  for (const char* split : {"train", "dev", "test"})
    fs::copy_file(ends().task / (std::string("toy-sentiment_") + split + ".tsv"),
                  task / (std::string("a,b\"c_") + split + ".tsv"));
  auto r =
      test::run_mcplm("--threads 1 tune --quiet --model " + ends().model.string() +
                      " --task-dir '" + task.string() + "' --output-dir " + (dir / "out").string() +
                      " --metric ACC --method adapter --adapter-size 4 --lr 1e-2 --bsz 16"
                      " --train-iters 1 --no-predict");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string csv = test::read_text(dir / "out" / "result.csv");
  const std::string row = csv.substr(csv.find('\n') + 1);
  EXPECT_EQ(row.rfind("\"a,b\"\"c\",ACC,0.01,16,", 0), 0u) << csv;
  EXPECT_EQ(row.substr(row.size() - 5), ",,42\n") << csv;  // no test value; seed 42
}

TEST(RobustnessCli, ANonFiniteTrainingLossStopsTheRunNamingTheUpdate) {
  const auto dir = test::temp_dir("nan-loss");
  const fs::path huge = dir / "huge.safetensors";
  SafetensorsFile file = read_safetensors(ends().a);
  for (const auto& name : file.tensors.names())
    file.tensors.set(name, torch::full_like(file.tensors.at(name), 3e38));
  write_safetensors(huge, file.tensors, file.metadata);
  auto r =
      test::run_mcplm("--threads 1 tune --quiet --model " + ends().model.string() + " --task-dir " +
                      ends().task.string() + " --output-dir " + (dir / "out").string() +
                      " --method adapter --adapter-size 4 --lr 1e-2 --bsz 16 --train-iters 5"
                      " --no-predict --init-from " +
                      huge.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("update 1: the training loss is"), std::string::npos) << r.output;
  const fs::path cell = dir / "out" / "lr_0.01_bsz_16_seed_42";
  EXPECT_FALSE(fs::exists(cell / "checkpoint-best.safetensors"));
}

TEST(RobustnessCli, TaskFileThatIsAFifoIsRefusedWithoutBlocking) {
  const auto dir = test::temp_dir("fifo");
  const fs::path task = dir / "fifo";
  fs::create_directories(task);
  for (const char* split : {"dev", "test"})
    fs::copy_file(ends().task / (std::string("toy-sentiment_") + split + ".tsv"),
                  task / (std::string("fifo_") + split + ".tsv"));
  ASSERT_EQ(::mkfifo((task / "fifo_train.tsv").c_str(), 0600), 0);
  expect_error_line(test::run_mcplm("data check --metric ACC " + task.string()), 2,
                    (task / "fifo_train.tsv").string(), "is not a regular file");
}

TEST(RobustnessCli, UnwritableOutputsSayWhyInTheFileWhatForm) {
  const auto dir = test::temp_dir("unwritable");
  const fs::path blocker = dir / "a-file";
  std::ofstream(blocker) << "not a directory\n";
  expect_error_line(test::run_mcplm("dist --input1 " + ends().a.string() + " --input2 " +
                                    ends().b.string() + " --output " + (blocker / "d").string()),
                    1, (blocker / "d").string(), "Not a directory");
  expect_error_line(
      test::run_mcplm("--threads 1 tune --quiet --model " + ends().model.string() + " --task-dir " +
                      ends().task.string() + " --output-dir " + (blocker / "sweep").string() +
                      " --lr 1e-2 --bsz 16 --train-iters 1"),
      1, (blocker / "sweep").string(), "Not a directory");
}

TEST(RobustnessCli, ARankWaitingForOthersSaysSoAndAWorldSizeMismatchIsNamed) {
  const auto dir = test::temp_dir("world");
  const int port = test::free_tcp_port();
  const std::string args = "interpolate --model m --ckpt1 a --ckpt2 b --task-dir t --output-dir " +
                           (dir / "out").string() + " --do-valid --master-port " +
                           std::to_string(port);
  auto alone = test::run_mcplm(args + " --rank 0 --world-size 2 --dist-timeout 3");
  EXPECT_EQ(alone.exit_code, 1) << alone.output;
  EXPECT_NE(alone.output.find("mcplm: rank 0 waits for 2 rank(s) at 127.0.0.1:" +
                              std::to_string(port) + ": rank(s) 1 missing"),
            std::string::npos)
      << alone.output;

  const int port2 = test::free_tcp_port();
  const std::string args2 = "interpolate --model m --ckpt1 a --ckpt2 b --task-dir t --output-dir " +
                            (dir / "out2").string() +
                            " --do-valid --dist-timeout 30 --master-port " + std::to_string(port2);
  const int rank0 = test::spawn_mcplm(args2 + " --rank 0 --world-size 2", dir / "rank0.log");
  const int rank1 = test::spawn_mcplm(args2 + " --rank 1 --world-size 3", dir / "rank1.log");
  const int code0 = test::wait_for_exit(rank0), code1 = test::wait_for_exit(rank1);
  const std::string logs = test::read_text(dir / "rank0.log") + test::read_text(dir / "rank1.log");
  EXPECT_NE(code0, 0) << logs;
  EXPECT_NE(code1, 0) << logs;
  EXPECT_NE(logs.find("world size mismatch: rank "), std::string::npos) << logs;
  EXPECT_EQ(logs.find("died or stopped responding"), std::string::npos) << logs;
}

TEST(RobustnessCli, AResumedRunRecordsEachMetricsEventOnce) {
  const auto dir = test::temp_dir("events");
  auto tune = [&](const std::string& out, const std::string& extra) {
    return test::run_mcplm("--threads 1 tune --quiet --model " + ends().model.string() +
                           " --task-dir " + ends().task.string() + " --output-dir " +
                           (dir / out).string() +
                           " --method adapter --adapter-size 4 --lr 1e-2 --bsz 16 --seed 3"
                           " --train-iters 10 --output-interval 5 --valid-interval 5"
                           " --log-interval 1 --no-predict " +
                           extra);
  };
  ASSERT_EQ(tune("whole", "").exit_code, 0);
  ASSERT_EQ(tune("cut", "").exit_code, 0);
  // As if it had stopped after update 10's events, before its checkpoints.
  const fs::path cell = dir / "cut" / "lr_0.01_bsz_16_seed_3";
  for (const auto& entry : fs::directory_iterator(cell)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("checkpoint-last", 0) == 0 || name.rfind("checkpoint@10", 0) == 0)
      fs::remove(entry.path());
  }
  std::ofstream(cell / "metrics.jsonl", std::ios::app) << "{\"event\": \"tra";  // cut short
  auto r = tune("cut", "--resume");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(test::read_text(cell / "metrics.jsonl"),
            test::read_text(dir / "whole" / "lr_0.01_bsz_16_seed_3" / "metrics.jsonl"));
}

// A benchmark has nothing to save: SIGTERM ends it at once (it was caught as
// "stop at a safe point", which a benchmark never reaches, so it ran on).
TEST(RobustnessCli, ABenchmarkEndsOnSigterm) {
  const auto dir = test::temp_dir("bench-signal");
  const int pid = test::spawn_mcplm(
      "--threads 1 bench model --config tiny --warmup 0 --iterations 1000000", dir / "log");
  std::this_thread::sleep_for(std::chrono::seconds(2));  // past start-up, into the iterations
  ::kill(pid, SIGTERM);
  int status = 0;
  const bool ended = test::wait_until([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, 20);
  if (!ended) ::kill(pid, SIGKILL), ::waitpid(pid, &status, 0);
  ASSERT_TRUE(ended) << "still running 20 s after SIGTERM: " << test::read_text(dir / "log");
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
}
