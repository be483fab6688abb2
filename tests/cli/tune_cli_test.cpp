// End-to-end runs of `mcplm tune` on the toy task with a tiny T5.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/io/safetensors.h"
#include "process_util.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

std::string tune_args(const fs::path& model, const fs::path& task, const fs::path& out,
                      const std::string& extra) {
  return "--threads 1 tune --quiet --model " + model.string() + " --task-dir " + task.string() +
         " --output-dir " + out.string() + " " + extra;
}

}  // namespace

TEST(TuneCli, LearnsTheToyTaskAndWritesItsFiles) {
  auto dir = test::temp_dir("tune");
  auto model = test::init_tiny_t5(dir / "t5");
  auto task = test::toy_dir() / "toy-sentiment";
  auto r = test::run_mcplm(tune_args(model, task, dir / "full",
                                     "--method model --lr 1e-3 --bsz 32 --train-iters 100 "
                                     "--valid-interval 50 --output-interval 50 --seed 1 "
                                     "--log-interval 75"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const fs::path run = dir / "full" / "lr_0.001_bsz_32_seed_1";
  // One definition of the epoch, the passes completed: update 75 ends the
  // second pass over the 1200 training lines (32 a batch).
  EXPECT_NE(test::read_text(run / "log.txt").find("updates 75 | epoch 2 |"), std::string::npos)
      << test::read_text(run / "log.txt");
  for (const char* f : {"log.txt", "metrics.jsonl", "result.json", "checkpoint-best.safetensors",
                        "checkpoint-last.safetensors", "checkpoint-last.optim.safetensors",
                        "checkpoint@50.safetensors", "checkpoint@50.optim.safetensors",
                        "checkpoint@100.safetensors"})
    EXPECT_TRUE(fs::exists(run / f)) << f;
  auto result = nlohmann::json::parse(test::read_text(run / "result.json"));
  EXPECT_GE(result["dev_performance"].get<double>(), 0.8) << result.dump();
  EXPECT_GE(result["test_performance"].get<double>(), 0.8) << result.dump();
  std::string csv = test::read_text(dir / "full" / "result.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "prefix,metric,lr,bsz,dev_performance,test_performance,seed");
  EXPECT_NE(csv.find("\ntoy-sentiment,ACC,0.001,32,"), std::string::npos) << csv;
  EXPECT_EQ(csv.substr(csv.size() - 3), ",1\n") << csv;  // the seed closes the row

  auto meta = read_safetensors_metadata(run / "checkpoint-last.safetensors");
  EXPECT_EQ(meta.at("method"), "model");
  EXPECT_EQ(meta.at("updates"), "100");
  EXPECT_EQ(meta.at("epoch"), "2");
  EXPECT_EQ(meta.at("finished"), "true");
  EXPECT_EQ(meta.at("task"), "toy-sentiment");
  EXPECT_EQ(meta.at("base_fingerprint").size(), 16u);  // the base it was tuned from

  // Adapter tuning of the same model: only the adapters are saved.
  auto a = test::run_mcplm(tune_args(model, task, dir / "adapter",
                                     "--method adapter --adapter-size 4 --lr 1e-2 --bsz 16 "
                                     "--train-iters 10 --seed 20 --no-predict"));
  ASSERT_EQ(a.exit_code, 0) << a.output;
  auto adapters =
      read_safetensors(dir / "adapter" / "lr_0.01_bsz_16_seed_20" / "checkpoint-last.safetensors");
  EXPECT_EQ(adapters.tensors.size(), 20u);
  for (const auto& [name, t] : adapters.tensors)
    EXPECT_NE(name.find(".adapter.adapter_"), std::string::npos) << name;
  EXPECT_EQ(adapters.metadata.at("adapter_size"), "4");

  // A finished cell is skipped, and its row is not added twice.
  auto again = test::run_mcplm(tune_args(model, task, dir / "adapter",
                                         "--method adapter --adapter-size 4 --lr 1e-2 --bsz 16 "
                                         "--train-iters 10 --seed 20 --no-predict"));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("finished earlier, skipped"), std::string::npos) << again.output;
  std::string adapter_csv = test::read_text(dir / "adapter" / "result.csv");
  EXPECT_EQ(std::count(adapter_csv.begin(), adapter_csv.end(), '\n'), 2) << adapter_csv;
}

// Two seeds of one cell give two rows told apart by their last column; a
// result.csv of an earlier build (no seed column) gets the column, empty
// for its rows.
TEST(TuneCli, ResultRowsNameTheirSeed) {
  auto dir = test::temp_dir("tune_seed");
  auto model = test::init_tiny_t5(dir / "t5");
  auto task = test::toy_dir() / "toy-sentiment";
  const fs::path out = dir / "sweep";
  fs::create_directories(out);
  std::ofstream(out / "result.csv") << "prefix,metric,lr,bsz,dev_performance,test_performance\n"
                                       "toy-sentiment,ACC,0.1,8,0.5,\n";
  for (const char* seed : {"20", "30"}) {
    auto r = test::run_mcplm(tune_args(model, task, out,
                                       std::string("--method adapter --adapter-size 4 --lr 1e-2 "
                                                   "--bsz 16 --train-iters 2 --no-predict "
                                                   "--seed ") +
                                           seed));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const std::string csv = test::read_text(out / "result.csv");
  std::vector<std::string> rows;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 4u) << csv;
  EXPECT_EQ(rows[0], "prefix,metric,lr,bsz,dev_performance,test_performance,seed");
  EXPECT_EQ(rows[1], "toy-sentiment,ACC,0.1,8,0.5,,");
  EXPECT_EQ(rows[2].rfind("toy-sentiment,ACC,0.01,16,", 0), 0u) << rows[2];
  EXPECT_EQ(rows[2].substr(rows[2].size() - 4), ",,20") << rows[2];  // no test score, seed 20
  EXPECT_EQ(rows[3].substr(rows[3].size() - 4), ",,30") << rows[3];
}

TEST(TuneCli, ResumeAfterAKillReproducesTheFinalCheckpoint) {
  auto dir = test::temp_dir("resume");
  auto model = test::init_tiny_t5(dir / "t5");
  auto task = test::toy_task_subset(dir / "data", 200, 30, 30);
  const std::string args =
      "--method adapter --adapter-size 4 --lr 1e-2 --bsz 32 "
      "--train-iters 40 --output-interval 10 --valid-interval 20 --seed 3";
  auto whole = test::run_mcplm(tune_args(model, task, dir / "whole", args));
  ASSERT_EQ(whole.exit_code, 0) << whole.output;

  // Killed (SIGKILL: no chance to save) once checkpoint@20 is on disk.
  const fs::path run = dir / "killed" / "lr_0.01_bsz_32_seed_3";
  int pid = test::spawn_mcplm(tune_args(model, task, dir / "killed", args), dir / "killed.log");
  test::kill_when(pid, [&] { return fs::exists(run / "checkpoint@20.safetensors"); });
  ASSERT_TRUE(fs::exists(run / "checkpoint@20.safetensors")) << test::read_text(dir / "killed.log");
  if (fs::exists(run / "result.json")) GTEST_SKIP() << "the run finished before it was killed";

  auto resumed = test::run_mcplm(tune_args(model, task, dir / "killed", args + " --resume"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  auto want =
      read_safetensors(dir / "whole" / "lr_0.01_bsz_32_seed_3" / "checkpoint-last.safetensors");
  auto got = read_safetensors(run / "checkpoint-last.safetensors");
  ASSERT_EQ(got.tensors.names(), want.tensors.names());
  for (const auto& [name, t] : want.tensors)
    EXPECT_TRUE(torch::equal(got.tensors.at(name), t)) << name << " differs after resume";
  EXPECT_EQ(test::read_text(run / "result.json"),
            test::read_text(dir / "whole" / "lr_0.01_bsz_32_seed_3" / "result.json"));
}

TEST(TuneCli, InterruptSavesCheckpointLastAndExits130) {
  auto dir = test::temp_dir("sigint");
  auto model = test::init_tiny_t5(dir / "t5");
  auto task = test::toy_task_subset(dir / "data", 200, 20, 20);
  const fs::path run = dir / "out" / "lr_0.01_bsz_16_seed_1";
  int pid = test::spawn_mcplm(
      tune_args(model, task, dir / "out",
                "--method adapter --adapter-size 4 --lr 1e-2 --bsz 16 --train-iters 100000 "
                "--output-interval 5 --seed 1"),
      dir / "log");
  test::wait_until([&] { return fs::exists(run / "checkpoint@5.safetensors"); });
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << test::read_text(dir / "log");
  EXPECT_EQ(WEXITSTATUS(status), 130) << test::read_text(dir / "log");
  auto meta = read_safetensors_metadata(run / "checkpoint-last.safetensors");
  EXPECT_EQ(meta.at("finished"), "false");
  EXPECT_TRUE(fs::exists(run / "checkpoint-last.optim.safetensors"));
  EXPECT_NE(test::read_text(run / "log.txt").find("continue with --resume"), std::string::npos);

  // Started again without --resume: refused, the interrupted run left as it was.
  const std::string log_before = test::read_text(run / "log.txt");
  auto again = test::run_mcplm(tune_args(model, task, dir / "out",
                                         "--method adapter --adapter-size 4 --lr 1e-2 --bsz 16 "
                                         "--train-iters 100000 --output-interval 5 --seed 1"));
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("holds an interrupted run at update " + meta.at("updates") +
                              " (checkpoint-last): pass --resume to continue it or --overwrite"),
            std::string::npos)
      << again.output;
  EXPECT_EQ(test::read_text(run / "log.txt"), log_before);
  // Resumed with another number of updates: refused, naming the option.
  auto other = test::run_mcplm(tune_args(model, task, dir / "out",
                                         "--method adapter --adapter-size 4 --lr 1e-2 --bsz 16 "
                                         "--train-iters 20 --output-interval 5 --seed 1 --resume"));
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_NE(other.output.find("train_iters 100000 (now 20)"), std::string::npos) << other.output;
}

// A finished cell is skipped only when the new command asks the same; another
// --train-iters or --load-init-seed is refused, naming them; --overwrite
// trains it again.
TEST(TuneCli, FinishedRunIsSkippedOnlyForTheSameOptions) {
  auto dir = test::temp_dir("reuse");
  auto model = test::init_tiny_t5(dir / "t5");
  auto task = test::toy_task_subset(dir / "data", 64, 8, 8);
  const std::string args =
      "--method adapter --adapter-size 4 --lr 1e-2 --bsz 16 --seed 30 --no-predict";
  const fs::path run = dir / "out" / "lr_0.01_bsz_16_seed_30";
  ASSERT_EQ(
      test::run_mcplm(tune_args(model, task, dir / "out", args + " --train-iters 3")).exit_code, 0);
  auto same = test::run_mcplm(tune_args(model, task, dir / "out", args + " --train-iters 3"));
  EXPECT_EQ(same.exit_code, 0) << same.output;
  EXPECT_NE(same.output.find("finished earlier, skipped"), std::string::npos) << same.output;
  // Another base model is another run, though every flag is the same.
  auto other_base = test::run_mcplm(tune_args(test::init_tiny_t5(dir / "t5-other", 2), task,
                                              dir / "out", args + " --train-iters 3"));
  EXPECT_EQ(other_base.exit_code, 2) << other_base.output;
  EXPECT_NE(other_base.output.find("finished earlier with other options: base_fingerprint \""),
            std::string::npos)
      << other_base.output;

  auto longer = test::run_mcplm(
      tune_args(model, task, dir / "out", args + " --train-iters 6 --load-init-seed 20"));
  EXPECT_EQ(longer.exit_code, 2) << longer.output;
  EXPECT_NE(longer.output.find("finished earlier with other options: init_seed -1 (now 20), "
                               "train_iters 3 (now 6); choose another --output-dir, or pass "
                               "--overwrite"),
            std::string::npos)
      << longer.output;
  EXPECT_EQ(read_safetensors_metadata(run / "checkpoint-last.safetensors").at("updates"), "3");

  auto overwrite = test::run_mcplm(tune_args(
      model, task, dir / "out", args + " --train-iters 6 --load-init-seed 20 --overwrite"));
  EXPECT_EQ(overwrite.exit_code, 0) << overwrite.output;
  const auto meta = read_safetensors_metadata(run / "checkpoint-last.safetensors");
  EXPECT_EQ(meta.at("updates"), "6");
  const auto options = nlohmann::json::parse(meta.at("options"));
  for (const char* key : {"optimizer", "schedule", "warmup_steps", "decode", "precision",
                          "adapter_size", "max_input_length", "init_seed"})
    EXPECT_TRUE(options.contains(key)) << key << " not recorded: " << options.dump();
}
