// Helpers shared by the tests: where fixtures and shared data live.
#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "mcplm/core/device.h"

namespace mcplm::test {

// Where this clone's sources, binary and data are. Defined in test_util.cpp,
// the one test file that sees the build's absolute paths, so that every other
// test object is the same in every clone and a second clone's build takes it
// from ccache.
std::filesystem::path source_dir();    // the repository root
std::filesystem::path mcplm_binary();  // the mcplm executable under test
std::filesystem::path fixtures();      // the project's copied fixtures (tests/fixtures)
std::filesystem::path toy_dir();       // data/toy: the bundled toy task and models

// ../shared, or $MCPLM_SHARED. Data there is read in place, never copied.
std::filesystem::path shared_dir();

// Where device-aware tests run their models: $MCPLM_TEST_DEVICE (cpu, cuda,
// cuda:N), default cpu. scripts/device_check.sh runs them with cuda.
inline c10::Device device() {
  const char* env = std::getenv("MCPLM_TEST_DEVICE");
  return parse_device(env ? env : "cpu");
}

// A fresh, empty directory under the build's temp area for one test.
std::filesystem::path temp_dir(const std::string& name);

// Runs the mcplm binary with `args`, capturing stdout+stderr.
struct RunResult {
  int exit_code;
  std::string output;
};
RunResult run_mcplm(const std::string& args);

// Starts the mcplm binary in the background (output to `log`); returns its pid.
int spawn_mcplm(const std::string& args, const std::filesystem::path& log);

// A toy-task directory with the first `train`, `dev` and `test` lines of
// data/toy/toy-sentiment, under `parent`/toy-sentiment.
std::filesystem::path toy_task_subset(const std::filesystem::path& parent, std::size_t train,
                                      std::size_t dev, std::size_t test);

// A tiny random T5 for the toy task (mcplm init), written once per test into `dir`.
std::filesystem::path init_tiny_t5(const std::filesystem::path& dir, int seed = 1);

// Two runs of a tiny T5 (init_tiny_t5 in `dir`/t5) tuned with
// `method_flags` ("--method adapter --adapter-size 4") at lr 1e-2, batch 16,
// for `train_iters` updates, seeds 20 (a) and 30 (b), on a toy subset of
// `train` training and `eval` dev and test lines: the ends the path tests
// share. `dir` is emptied first; throws with the output when a run fails.
struct ToyRuns {
  std::filesystem::path dir, model, task, a, b;  // a, b: the runs' checkpoint-last
};
ToyRuns tune_two_toy_runs(const std::filesystem::path& dir, const std::string& method_flags,
                          int train_iters, std::size_t train = 200, std::size_t eval = 24);

// Whole file as text ("" when absent).
std::string read_text(const std::filesystem::path& file);

}  // namespace mcplm::test

// Skips the current test, saying why, when `path` (under ../shared) is absent.
#define MCPLM_REQUIRE_SHARED(path)                                                \
  do {                                                                            \
    if (!std::filesystem::exists(path))                                           \
      GTEST_SKIP() << "shared data not found: " << (path).string()                \
                   << " (set MCPLM_SHARED to the folder holding data/ and bpe/)"; \
  } while (0)
