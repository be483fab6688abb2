// `mcplm cartography` end to end on a small copy of the toy task (3 labels,
// "not_sure" several pieces long) with a tiny random T5, and the T5 label
// probabilities it records.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/data/batch.h"
#include "mcplm/data/t5_format.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/model/model_setup.h"
#include "mcplm/train/cartography.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

const fs::path kToy = test::toy_dir();

// A tiny random T5 for the toy tokenizer, made once per test process.
const fs::path& tiny_t5() {
  static const fs::path dir = [] {
    fs::path d =
        fs::temp_directory_path() / ("mcplm-test-" + std::to_string(::getpid())) / "tiny-t5";
    fs::remove_all(d);
    auto r = test::run_mcplm("init --family t5 --config '" + (kToy / "t5-tiny.json").string() +
                             "' --tokenizer '" + (kToy / "tokenizer").string() + "' --out '" +
                             d.string() + "' --seed 1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return d;
  }();
  return dir;
}

// toy-sentiment with the first `lines` training lines (dev and test: 20).
fs::path small_toy_task(const fs::path& parent, std::size_t lines) {
  const fs::path dir = parent / "toy-sentiment";
  fs::create_directories(dir);
  for (const auto& [role, count] : std::vector<std::pair<std::string, std::size_t>>{
           {"train", lines}, {"dev", 20}, {"test", 20}}) {
    std::ifstream in(kToy / "toy-sentiment" / ("toy-sentiment_" + role + ".tsv"));
    std::ofstream out(dir / ("toy-sentiment_" + role + ".tsv"));
    std::string line;
    for (std::size_t i = 0; i < count && std::getline(in, line); ++i) out << line << "\n";
  }
  return dir;
}

std::unique_ptr<TaskModel> tiny_task_model(const Task& task) {
  ModelSetup setup;
  setup.model_dir = tiny_t5();
  return load_task_model(setup, task);
}

}  // namespace

TEST(CartographyLabels, ProbabilitiesSumToOneAndScoreWholeLabelSequences) {
  const Task task = load_task(small_toy_task(test::temp_dir("labels"), 12));
  ASSERT_EQ(task.train_labels, (std::vector<std::string>{"negative", "not_sure", "positive"}));
  auto model = tiny_task_model(task);
  model->module().eval();
  const std::vector<std::string>& labels = task.train_labels;
  // "not_sure" is several pieces long (plus </s>).
  const T5EncodeOptions t5;
  EXPECT_GT(model->tokenizer().encode(t5_target_text("not_sure", t5.format), 100).size(), 2u);

  EncodedSplit train = model->encode(task.train);
  Batch batch = make_batch(train, std::vector<std::size_t>{0, 1, 2, 3, 4});
  torch::Tensor probs = model->label_probabilities(batch, labels);  // [5, 3]
  ASSERT_EQ(probs.sizes(), (std::vector<int64_t>{5, 3}));
  EXPECT_TRUE(torch::allclose(probs.sum(1), torch::ones({5}, probs.options()), 0, 1e-9));
  EXPECT_TRUE(probs.ge(0).all().item<bool>() && probs.le(1).all().item<bool>());

  // Independently: each (row, label) alone through the training loss, whose
  // mean over the label's tokens times their count is -log p(label | input).
  torch::NoGradGuard no_grad;
  for (int64_t row = 0; row < 5; ++row) {
    std::vector<double> log_likelihood;
    for (const auto& label : labels) {
      const auto ids = model->tokenizer().encode(t5_target_text(label, t5.format), 100);
      Batch one;
      one.input_ids = batch.input_ids.narrow(0, row, 1);
      one.attention_mask = batch.attention_mask.narrow(0, row, 1);
      one.labels = torch::tensor(ids, torch::kInt64).unsqueeze(0);  // [1, L]
      one.decoder_attention_mask = torch::ones_like(one.labels);
      const double mean = model->loss(one).item<double>();
      log_likelihood.push_back(-mean * static_cast<double>(ids.size()));
    }
    torch::Tensor want = torch::softmax(torch::tensor(log_likelihood, torch::kFloat64), 0);
    EXPECT_TRUE(torch::allclose(probs[row].to(torch::kFloat64), want, 1e-4, 1e-6))
        << "row " << row << ": " << probs[row] << " vs " << want;
  }
}

TEST(CartographyCommand, TrainsScoresEveryEpochAndWritesTheDataMap) {
  const fs::path root = test::temp_dir("e2e");
  const fs::path task = small_toy_task(root, 96);
  const fs::path out = root / "out";
  // 96 lines in micro-batches of 16 with bsz 32: 3 updates per epoch; 7
  // updates end inside epoch 3, which is scored too.
  auto r = test::run_mcplm("--threads 1 cartography --quiet --model '" + tiny_t5().string() +
                           "' --task-dir '" + task.string() + "' --output-dir '" + out.string() +
                           "' --lr 1e-3 --bsz 32 --train-iters 7 --seed 3 --no-predict");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto carto = nlohmann::ordered_json::parse(read_file_bytes(out / "cartography.json"));
  ASSERT_EQ(carto.size(), 96u);
  std::size_t index = 0;
  for (const auto& [key, entry] : carto.items()) {
    EXPECT_EQ(key, std::to_string(index++));
    ASSERT_EQ(entry.size(), 2u);
    ASSERT_EQ(entry["acc"].size(), 3u) << key;
    ASSERT_EQ(entry["confidence"].size(), 3u) << key;
    for (const auto& a : entry["acc"]) EXPECT_TRUE(a == 0.0 || a == 1.0) << a;
    for (const auto& c : entry["confidence"]) {
      EXPECT_GE(c.get<double>(), 0.0);
      EXPECT_LE(c.get<double>(), 1.0);
    }
  }
  std::istringstream lines(read_file_bytes(out / "td_metrics.jsonl"));
  std::string line;
  std::size_t count = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["guid"], count);
    for (const char* key : {"index", "threshold_closeness", "confidence", "variability",
                            "correctness", "forgetfulness"})
      EXPECT_TRUE(j.contains(key)) << key;
    ++count;
  }
  EXPECT_EQ(count, 96u);
  const std::string svg = read_file_bytes(out / "datamap.svg");
  EXPECT_NE(svg.find("easy-to-learn"), std::string::npos);
  EXPECT_NE(svg.find("96 examples, 3 epochs"), std::string::npos);
  const std::string log = read_file_bytes(out / "lr_0.001_bsz_32_seed_3" / "log.txt");
  EXPECT_NE(log.find("cartography: scored 96 training examples after epoch 2"), std::string::npos)
      << log;
  EXPECT_FALSE(fs::exists(out / "lr_0.001_bsz_32_seed_3" / "checkpoint@3.safetensors"));
}

TEST(CartographyCommand, NeedsModelTaskAndOutputAndOneSweepCell) {
  auto missing = test::run_mcplm("cartography --task-dir x --output-dir y");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("--model"), std::string::npos) << missing.output;
  const fs::path root = test::temp_dir("sweep");
  const fs::path task = small_toy_task(root, 8);
  auto sweep = test::run_mcplm("cartography --quiet --model '" + tiny_t5().string() +
                               "' --task-dir '" + task.string() + "' --output-dir '" +
                               (root / "out").string() + "' --lr 1e-3 2e-3 --train-iters 1");
  EXPECT_EQ(sweep.exit_code, 2) << sweep.output;
  EXPECT_NE(sweep.output.find("one --lr"), std::string::npos) << sweep.output;
}
