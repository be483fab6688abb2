// RoBERTa through the whole pipeline on the toy task: `init` a tiny model,
// `tune` it twice (different seeds), `interpolate` between the two runs.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/io/safetensors.h"
#include "test_util.h"

namespace mcplm {
namespace {

namespace fs = std::filesystem;

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

const fs::path kToy = test::toy_dir();

// `tune --method model --optimizer adamw` on `task`; returns the run directory.
fs::path tune(const fs::path& model, const fs::path& task, const fs::path& out, int seed,
              const std::string& extra = "--train-iters 30 --valid-interval 15") {
  auto result = test::run_mcplm("--threads 1 tune --quiet --model " + quoted(model) +
                                " --task-dir " + quoted(task) + " --output-dir " + quoted(out) +
                                " --method model --optimizer adamw --lr 1e-3 --bsz 32 --metric ACC "
                                "--seed " +
                                std::to_string(seed) + " " + extra);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return out / ("lr_0.001_bsz_32_seed_" + std::to_string(seed));
}

// toy-sentiment without its not_sure lines: a two-label task, `DIR/toy-binary`.
fs::path write_binary_task(const fs::path& dir) {
  const fs::path task = dir / "toy-binary";
  fs::create_directories(task);
  for (const char* role : {"train", "dev", "test"}) {
    std::ofstream out(task / (std::string("toy-binary_") + role + ".tsv"));
    for (const auto& line : lines_of(
             read_text(kToy / "toy-sentiment" / (std::string("toy-sentiment_") + role + ".tsv"))))
      if (line.find("\tnot_sure") == std::string::npos) out << line << "\n";
  }
  return task;
}

// Column `column` of result.csv's row for x (as written, e.g. "1.0000").
double path_value(const fs::path& csv, const std::string& x, std::size_t column) {
  for (const auto& line : lines_of(read_text(csv))) {
    std::vector<std::string> cells;
    std::istringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    if (cells.size() > column && cells[2] == x) return std::stod(cells[column]);
  }
  ADD_FAILURE() << "no row x=" << x << " in " << csv;
  return -1;
}

TEST(RobertaPipeline, InitTuneInterpolate) {
  const fs::path dir = test::temp_dir("roberta-pipeline");
  const fs::path model = dir / "roberta-tiny";
  auto init = test::run_mcplm(
      "init --family roberta --config " + quoted(kToy / "roberta-tiny.json") + " --tokenizer " +
      quoted(kToy / "roberta-tokenizer") + " --out " + quoted(model) + " --seed 1");
  ASSERT_EQ(init.exit_code, 0) << init.output;
  for (const char* file : {"config.json", "model.safetensors", "vocab.json", "merges.txt"})
    EXPECT_TRUE(fs::exists(model / file)) << file;
  auto config = nlohmann::json::parse(read_text(model / "config.json"));
  EXPECT_EQ(config["model_type"], "roberta");
  EXPECT_EQ(config["vocab_size"], 3261);  // from the tokenizer
  auto weights = read_safetensors(model / "model.safetensors").tensors;
  EXPECT_EQ(weights.at("classifier.out_proj.weight").size(0), 3);
  EXPECT_EQ(weights.at("roberta.embeddings.word_embeddings.weight").size(0), 3261);

  const fs::path runs = dir / "runs";
  const fs::path toy = kToy / "toy-sentiment";
  const fs::path run1 = tune(model, toy, runs, 1);
  const fs::path run2 = tune(model, toy, runs, 2);
  for (const fs::path& run : {run1, run2}) {
    for (const char* file :
         {"result.json", "checkpoint-best.safetensors", "checkpoint-last.safetensors", "log.txt"})
      EXPECT_TRUE(fs::exists(run / file)) << run / file;
    auto result = nlohmann::json::parse(read_text(run / "result.json"));
    EXPECT_TRUE(result["dev_performance"].is_number()) << result.dump();
    EXPECT_GE(result["dev_performance"].get<double>(), 0.0);
    EXPECT_LE(result["dev_performance"].get<double>(), 1.0);
    auto meta = read_safetensors_metadata(run / "checkpoint-last.safetensors");
    EXPECT_EQ(meta.at("family"), "roberta");
    EXPECT_EQ(meta.at("method"), "model");
  }
  auto tune_csv = lines_of(read_text(runs / "result.csv"));
  ASSERT_EQ(tune_csv.size(), 3u);
  EXPECT_EQ(tune_csv[1].rfind("toy-sentiment,ACC,0.001,32,", 0), 0u) << tune_csv[1];

  const fs::path path = dir / "path";
  auto interpolate =
      test::run_mcplm("--threads 1 interpolate --model " + quoted(model) + " --ckpt1 " +
                      quoted(run1 / "checkpoint-last.safetensors") + " --ckpt2 " +
                      quoted(run2 / "checkpoint-last.safetensors") + " --task-dir " +
                      quoted(kToy / "toy-sentiment") + " --output-dir " + quoted(path) +
                      " --points 3 --do-valid --do-predict");
  ASSERT_EQ(interpolate.exit_code, 0) << interpolate.output;
  auto csv = lines_of(read_text(path / "result.csv"));
  ASSERT_EQ(csv.size(), 5u) << read_text(path / "result.csv");  // header, 3 points, average
  EXPECT_EQ(csv[0], "prefix,metric,x,dev_performance,dev_loss,test_performance,test_loss");
  EXPECT_EQ(csv[1].rfind("toy-sentiment,ACC,0.0000,", 0), 0u) << csv[1];
  EXPECT_EQ(csv[2].rfind("toy-sentiment,ACC,0.5000,", 0), 0u) << csv[2];
  EXPECT_EQ(csv[3].rfind("toy-sentiment,ACC,1.0000,", 0), 0u) << csv[3];
  EXPECT_EQ(csv[4].rfind("average,", 0), 0u) << csv[4];

  // export: a Hugging Face directory holding the tuned model.
  auto exported = test::run_mcplm("export --model " + quoted(model) + " --checkpoint " +
                                  quoted(run1 / "checkpoint-last.safetensors") + " --out " +
                                  quoted(dir / "exported"));
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  auto tuned = read_safetensors(run1 / "checkpoint-last.safetensors").tensors;
  auto saved = read_safetensors(dir / "exported" / "model.safetensors").tensors;
  for (const auto& [name, tensor] : tuned)
    EXPECT_TRUE(torch::equal(saved.at(name), tensor)) << name;
  EXPECT_TRUE(fs::exists(dir / "exported" / "vocab.json"));
}

TEST(RobertaPipeline, TaskBoundaryTakesTheEvaluatedTasksHead) {
  const fs::path dir = test::temp_dir("roberta-boundary");
  const fs::path model = dir / "roberta-tiny";
  ASSERT_EQ(test::run_mcplm("init --family roberta --config " + quoted(kToy / "roberta-tiny.json") +
                            " --tokenizer " + quoted(kToy / "roberta-tokenizer") + " --out " +
                            quoted(model) + " --seed 1")
                .exit_code,
            0);
  const fs::path binary = write_binary_task(dir);
  // No --valid-interval: the final model is validated, so result.json's dev
  // value is the last checkpoint's.
  const fs::path three = tune(model, kToy / "toy-sentiment", dir / "three", 1, "--train-iters 20");
  const fs::path two = tune(model, binary, dir / "two", 2, "--train-iters 20");
  auto dev_of = [](const fs::path& run) {
    return nlohmann::json::parse(read_text(run / "result.json"))["dev_performance"].get<double>();
  };

  const fs::path out = dir / "path";
  const std::string args = "--threads 1 interpolate --model " + quoted(model) + " --ckpt1 " +
                           quoted(three / "checkpoint-last.safetensors") + " --ckpt2 " +
                           quoted(two / "checkpoint-last.safetensors") + " --task-dir " +
                           quoted(kToy / "toy-sentiment") + " --task-dir " + quoted(binary) +
                           " --metric ACC --points 3 --do-valid --output-dir ";
  auto result = test::run_mcplm(args + quoted(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("toy-sentiment: classifier.out_proj from ckpt1"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("toy-binary: classifier.out_proj from ckpt2"), std::string::npos)
      << result.output;
  // Each end, on its own task, is that run's model.
  EXPECT_NEAR(path_value(out / "toy-sentiment" / "result.csv", "0.0000", 3), dev_of(three), 1e-4);
  EXPECT_NEAR(path_value(out / "toy-binary" / "result.csv", "1.0000", 3), dev_of(two), 1e-4);

  // Forcing a head that does not fit a task is an error naming both ends.
  result = test::run_mcplm(args + quoted(dir / "forced") + " --head-from 2");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("the task has 3 labels"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace mcplm
