#include "mcplm/data/task.h"

#include <gtest/gtest.h>

#include <fstream>

#include "mcplm/core/error.h"
#include "test_util.h"

using namespace mcplm;

namespace {

// A task directory `root/name` with `lines` numbered lines in each file:
// "{role} input {i}\t{label}" (label alternates yes/no).
std::filesystem::path make_task(const std::filesystem::path& root, const std::string& name,
                                std::size_t train_lines, std::size_t dev_lines = 4,
                                std::size_t test_lines = 4) {
  auto dir = root / name;
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& role, std::size_t n) {
    std::ofstream out(dir / (name + "_" + role + ".tsv"));
    for (std::size_t i = 0; i < n; ++i)
      out << role << " input " << i << "\t" << (i % 2 ? "no" : "yes") << "\n";
  };
  write("train", train_lines);
  write("dev", dev_lines);
  write("test", test_lines);
  return dir;
}

TaskOptions with_split(int split) {
  TaskOptions options;
  options.split = split;
  return options;
}

TaskOptions with_metric(const std::string& metric) {
  TaskOptions options;
  options.metric = metric;
  return options;
}

std::vector<std::size_t> lines_of(const TaskFile& file) {
  std::vector<std::size_t> out;
  for (const auto& e : file.examples) out.push_back(e.line);
  return out;
}

}  // namespace

TEST(Task, LoadsADirectoryNamedAfterTheTask) {
  auto dir = make_task(test::temp_dir("tasks"), "glue-rte", 5, 3, 2);
  Task task = load_task(dir);
  EXPECT_EQ(task.name, "glue-rte");
  EXPECT_EQ(task.metric, Metric::acc);
  EXPECT_EQ(task.train.examples.size(), 5u);
  EXPECT_EQ(task.dev.examples.size(), 3u);
  EXPECT_EQ(task.test.examples.size(), 2u);
  EXPECT_EQ(task.train.path, dir / "glue-rte_train.tsv");
  EXPECT_EQ(task.dev.examples[2].input, "dev input 2");
  EXPECT_EQ(task.train_labels, (std::vector<std::string>{"no", "yes"}));
  // A trailing slash does not change the name.
  EXPECT_EQ(load_task(dir.string() + "/").name, "glue-rte");
  EXPECT_EQ(task_name_of("data/anli/"), "anli");
}

TEST(Task, SplitKeepsHalvesOfTrainOnly) {
  auto dir = make_task(test::temp_dir("tasks"), "glue-mnli", 7);
  Task first = load_task(dir, with_split(1));
  Task second = load_task(dir, with_split(2));
  EXPECT_EQ(lines_of(first.train), (std::vector<std::size_t>{0, 1, 2}));  // n/2 = 3
  EXPECT_EQ(lines_of(second.train), (std::vector<std::size_t>{3, 4, 5, 6}));
  EXPECT_EQ(first.dev.examples.size(), 4u);
  EXPECT_EQ(second.test.examples.size(), 4u);
  // The label set still comes from the whole training file.
  EXPECT_EQ(first.train_labels, (std::vector<std::string>{"no", "yes"}));
  EXPECT_THROW(load_task(dir, with_split(3)), InputError);
}

TEST(Task, ChooseThousandKeepsTheFirstLines) {
  auto dir = make_task(test::temp_dir("tasks"), "anli", 3, 1200, 1001);
  TaskOptions options;
  Task all = load_task(dir, options);
  EXPECT_EQ(all.dev.examples.size(), 1200u);
  options.choose_dev_1000 = true;
  Task dev_cut = load_task(dir, options);
  EXPECT_EQ(dev_cut.dev.examples.size(), 1000u);
  EXPECT_EQ(dev_cut.dev.examples.back().line, 999u);
  EXPECT_EQ(dev_cut.test.examples.size(), 1001u);
  options.choose_test_1000 = true;
  EXPECT_EQ(load_task(dir, options).test.examples.size(), 1000u);
  EXPECT_EQ(first_lines(all.train, 1000).examples.size(), 3u);  // fewer lines: all kept
}

TEST(Task, OnTrainEvaluatesTheTrainingFile) {
  auto dir = make_task(test::temp_dir("tasks"), "glue-mnli", 6);
  std::filesystem::remove(dir / "glue-mnli_dev.tsv");  // not needed then
  TaskOptions options;
  options.on_train = true;
  options.split = 2;
  Task task = load_task(dir, options);
  EXPECT_EQ(task.dev.path, dir / "glue-mnli_train.tsv");
  EXPECT_EQ(lines_of(task.dev), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));  // the whole file
  EXPECT_EQ(lines_of(task.train), (std::vector<std::size_t>{3, 4, 5}));
}

TEST(Task, MissingFilesAndUnknownTasks) {
  auto root = test::temp_dir("tasks");
  auto dir = make_task(root, "glue-rte", 2);
  std::filesystem::remove(dir / "glue-rte_test.tsv");
  try {
    load_task(dir);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (dir / "glue-rte_test.tsv").string());
    EXPECT_NE(std::string(e.what()).find("missing file"), std::string::npos);
  }
  EXPECT_THROW(load_task(root / "no-such-dir"), InputError);

  auto unknown = make_task(root, "my-new-task", 2);
  try {
    load_task(unknown);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'my-new-task' has no metric"), std::string::npos);
  }
  EXPECT_EQ(load_task(unknown, with_metric("EM")).metric, Metric::em);
  EXPECT_THROW(load_task(unknown, with_metric("F1")), InputError);
}

// The parent of task directories (data/ for data/rte) says what was expected
// and which task directories lie below it, before any metric is looked up.
TEST(Task, AParentOfTaskDirectoriesNamesThem) {
  auto root = test::temp_dir("parent") / "data";
  make_task(root, "glue-rte", 2);
  make_task(root / "superglue", "superglue-cb", 2);
  try {
    load_task(root);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), root.string());
    EXPECT_EQ(std::string(e.what()),
              root.string() +
                  ": not a task directory: expected data_train.tsv, data_dev.tsv and "
                  "data_test.tsv in it (the directory's name is the task's); task directories "
                  "below it: " +
                  (root / "glue-rte").string() + ", " + (root / "superglue" / "superglue-cb").string());
  }
  // An empty directory: what was expected, nothing more.
  std::filesystem::create_directories(root / "empty");
  try {
    load_task(root / "empty");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).find("below it"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("expected empty_train.tsv"), std::string::npos);
  }
}

TEST(Task, PearsonTasksNeedNumericLabels) {
  auto dir = test::temp_dir("tasks") / "stsb";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "stsb_train.tsv") << "a\t1.5\nb\t3\n";
  std::ofstream(dir / "stsb_dev.tsv") << "a\t0.25\nb\thigh\n";
  std::ofstream(dir / "stsb_test.tsv") << "a\t2\n";
  try {
    load_task(dir, with_metric("Pearson-Correlation"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (dir / "stsb_dev.tsv").string());
    EXPECT_EQ(e.line(), 2u);
  }
  std::ofstream(dir / "stsb_dev.tsv") << "a\t0.25\nb\t4\n";
  EXPECT_EQ(load_task(dir, with_metric("Pearson-Correlation")).dev.examples.size(), 2u);
}

TEST(Task, LoadsSharedGlueRte) {
  auto dir = test::shared_dir() / "data" / "glue-rte";
  MCPLM_REQUIRE_SHARED(dir);
  Task task = load_task(dir);
  EXPECT_EQ(task.name, "glue-rte");
  EXPECT_EQ(task.metric, Metric::acc);
  EXPECT_EQ(task.train.examples.size(), 2240u);
  EXPECT_EQ(task.dev.examples.size(), 250u);
  EXPECT_EQ(task.test.examples.size(), 277u);
  EXPECT_EQ(task.train_labels, (std::vector<std::string>{"entailment", "not_entailment"}));
  EXPECT_EQ(task.test.examples[0].input.rfind("sentence1: Dana Reeve", 0), 0u);
  Task half = load_task(dir, with_split(2));
  EXPECT_EQ(half.train.examples.size(), 1120u);
  EXPECT_EQ(half.train.examples[0].line, 1120u);
}

TEST(Task, LoadsSharedSamples) {
  auto root = test::shared_dir() / "data" / "samples";
  MCPLM_REQUIRE_SHARED(root);
  struct Expected {
    const char* name;
    Metric metric;
  };
  for (auto [name, metric] :
       {Expected{"anli", Metric::classification_f1}, Expected{"glue-mnli", Metric::acc},
        Expected{"superglue-record", Metric::qa_f1}}) {
    SCOPED_TRACE(name);
    Task task = load_task(root / name);
    EXPECT_EQ(task.metric, metric);
    EXPECT_EQ(task.train.examples.size(), 80u);
    EXPECT_EQ(task.dev.examples.size(), 10u);
    EXPECT_EQ(task.test.examples.size(), 10u);
  }
  EXPECT_EQ(load_task(root / "glue-mnli").train_labels,
            (std::vector<std::string>{"contradiction", "entailment", "neutral"}));
}
