#include "test_util.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "mcplm/build_paths.h"

namespace mcplm::test {

std::filesystem::path source_dir() { return MCPLM_SOURCE_DIR; }
std::filesystem::path mcplm_binary() { return MCPLM_BINARY; }
std::filesystem::path fixtures() { return MCPLM_TEST_FIXTURES; }
std::filesystem::path toy_dir() { return source_dir() / "data" / "toy"; }

std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("MCPLM_SHARED")) return env;
  return MCPLM_DEFAULT_SHARED;
}

std::filesystem::path temp_dir(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string test = info ? std::string(info->test_suite_name()) + "." + info->name() : "";
  auto dir = std::filesystem::temp_directory_path() / ("mcplm-test-" + std::to_string(::getpid())) /
             (test + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

RunResult run_mcplm(const std::string& args) {
  std::string command = "'" + mcplm_binary().string() + "' " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::string output;
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return {code, output};
}

int spawn_mcplm(const std::string& args, const std::filesystem::path& log) {
  std::string command =
      "exec '" + mcplm_binary().string() + "' " + args + " > '" + log.string() + "' 2>&1";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path toy_task_subset(const std::filesystem::path& parent, std::size_t train,
                                      std::size_t dev, std::size_t test) {
  const std::filesystem::path source = toy_dir() / "toy-sentiment";
  const std::filesystem::path dir = parent / "toy-sentiment";
  std::filesystem::create_directories(dir);
  for (auto [role, count] :
       {std::pair{"train", train}, std::pair{"dev", dev}, std::pair{"test", test}}) {
    std::ifstream in(source / (std::string("toy-sentiment_") + role + ".tsv"));
    std::ofstream out(dir / (std::string("toy-sentiment_") + role + ".tsv"));
    std::string line;
    for (std::size_t i = 0; i < count && std::getline(in, line); ++i) out << line << "\n";
  }
  return dir;
}

std::filesystem::path init_tiny_t5(const std::filesystem::path& dir, int seed) {
  const std::string toy = toy_dir().string();
  RunResult r = run_mcplm("init --family t5 --config " + toy + "/t5-tiny.json --tokenizer " + toy +
                          "/tokenizer --out " + dir.string() + " --seed " + std::to_string(seed));
  if (r.exit_code != 0) throw std::runtime_error("mcplm init failed: " + r.output);
  return dir;
}

ToyRuns tune_two_toy_runs(const std::filesystem::path& dir, const std::string& method_flags,
                          int train_iters, std::size_t train, std::size_t eval) {
  std::filesystem::remove_all(dir);
  ToyRuns runs;
  runs.dir = dir;
  runs.model = init_tiny_t5(dir / "t5");
  runs.task = toy_task_subset(dir / "data", train, eval, eval);
  for (int seed : {20, 30}) {
    RunResult r =
        run_mcplm("--threads 1 tune --quiet --model " + runs.model.string() + " --task-dir " +
                  runs.task.string() + " --output-dir " + (dir / "runs").string() + " " +
                  method_flags + " --lr 1e-2 --bsz 16 --no-predict --train-iters " +
                  std::to_string(train_iters) + " --seed " + std::to_string(seed));
    if (r.exit_code != 0) throw std::runtime_error(r.output);
  }
  runs.a = dir / "runs/lr_0.01_bsz_16_seed_20/checkpoint-last.safetensors";
  runs.b = dir / "runs/lr_0.01_bsz_16_seed_30/checkpoint-last.safetensors";
  return runs;
}

}  // namespace mcplm::test
