// `--device`: cpu given explicitly is the default; bad values and CUDA on a
// LibTorch without it are one-line errors with exit code 2.
#include <gtest/gtest.h>
#include <torch/cuda.h>

#include <algorithm>

#include "mcplm/io/safetensors.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

// Exit code 2 and exactly one line, starting with `start`.
void expect_one_line_error(const test::RunResult& r, const std::string& start) {
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(r.output.rfind(start, 0), 0u) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

}  // namespace

TEST(DeviceCli, ExplicitCpuIsTheDefault) {
  auto dir = test::temp_dir("device_cpu");
  auto model = test::init_tiny_t5(dir / "t5");
  auto task = test::toy_task_subset(dir / "data", 64, 16, 16);
  const std::string common = "--threads 1 tune --quiet --model " + model.string() + " --task-dir " +
                             task.string() +
                             " --method adapter --adapter-size 4 --lr 1e-2 --bsz 16"
                             " --train-iters 6 --seed 20 --output-dir ";
  for (const std::string run : {"default", "cpu"}) {
    auto r = test::run_mcplm(common + (dir / run).string() + (run == "cpu" ? " --device cpu" : ""));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const fs::path cell = "lr_0.01_bsz_16_seed_20";
  auto a = read_safetensors(dir / "default" / cell / "checkpoint-last.safetensors").tensors;
  auto b = read_safetensors(dir / "cpu" / cell / "checkpoint-last.safetensors").tensors;
  ASSERT_EQ(a.names(), b.names());
  for (const auto& [name, t] : a) EXPECT_TRUE(torch::equal(t, b.at(name))) << name;
  EXPECT_EQ(test::read_text(dir / "default" / cell / "result.json"),
            test::read_text(dir / "cpu" / cell / "result.json"));

  const fs::path ckpt = dir / "cpu" / cell / "checkpoint-last.safetensors";
  const std::string itp = "--threads 1 interpolate --model " + model.string() + " --ckpt1 " +
                          ckpt.string() + " --ckpt2 " + ckpt.string() + " --task-dir " +
                          task.string() + " --do-valid --points 2 --output-dir ";
  ASSERT_EQ(test::run_mcplm(itp + (dir / "itp-default").string()).exit_code, 0);
  ASSERT_EQ(test::run_mcplm(itp + (dir / "itp-cpu").string() + " --device cpu").exit_code, 0);
  EXPECT_EQ(test::read_text(dir / "itp-default" / "result.csv"),
            test::read_text(dir / "itp-cpu" / "result.csv"));
}

TEST(DeviceCli, BadValuesAreOneLineErrors) {
  expect_one_line_error(
      test::run_mcplm("--check-args tune --model m --task-dir t --output-dir o --device gpu"),
      "mcplm: error: --device gpu: expected cpu, cuda or cuda:N");
  expect_one_line_error(test::run_mcplm("bench model --config tiny --device cuda:x"),
                        "mcplm: error: --device cuda:x: the device index must be a number");
  expect_one_line_error(test::run_mcplm("--check-args interpolate --model m --ckpt1 a --ckpt2 b "
                                        "--task-dir t --output-dir o --do-valid --device tpu"),
                        "mcplm: error: --device tpu: ");
  expect_one_line_error(
      test::run_mcplm("--check-args forward --model m --inputs i --output o --device CPU"),
      "mcplm: error: --device CPU: ");
}

TEST(DeviceCli, CudaRunsWhereLibTorchHasItAndSaysWhyNotElsewhere) {
  const std::string bench = "--threads 1 bench model --config tiny --iterations 1 --warmup 0";
  if (torch::cuda::is_available()) {
    auto r = test::run_mcplm(bench + " --device cuda");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("device cuda"), std::string::npos) << r.output;
    return;
  }
  const auto r = test::run_mcplm(bench + " --device cuda");
  expect_one_line_error(r, "mcplm: error: --device cuda: ");
  EXPECT_NE(r.output.find("torch::cuda::is_available() is false"), std::string::npos) << r.output;
  expect_one_line_error(
      test::run_mcplm("--check-args tune --model m --task-dir t --output-dir o --device cuda:1"),
      "mcplm: error: --device cuda:1: ");
}
