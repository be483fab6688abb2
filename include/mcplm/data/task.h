// A task directory `DIR/` holding `{task}_train.tsv`, `{task}_dev.tsv` and
// `{task}_test.tsv`, where the task name is DIR's base name, with the line
// selections of the original's options applied.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "mcplm/data/metric.h"
#include "mcplm/data/task_file.h"

namespace mcplm {

struct TaskOptions {
  std::string metric;             // --metric: overrides the table when not empty
  int split = 0;                  // --split 1|2: first/second half of train; 0 = all
  bool choose_dev_1000 = false;   // --choose-dev-1000: first 1000 dev lines
  bool choose_test_1000 = false;  // --choose-test-1000: first 1000 test lines
  bool on_train = false;          // --on-train: the dev role reads the train file
};

struct Task {
  std::string name;  // DIR's base name, e.g. "glue-rte"
  std::filesystem::path dir;
  Metric metric = Metric::acc;
  // Sorted distinct first answers of the whole training file, whatever the
  // options: RoBERTa's label set.
  std::vector<std::string> train_labels;
  TaskFile train;  // after --split
  TaskFile dev;    // after --on-train and --choose-dev-1000
  TaskFile test;   // after --choose-test-1000
};

// `{task}_{role}.tsv` in `dir`, role one of train, dev, test.
std::filesystem::path task_file_path(const std::filesystem::path& dir, const std::string& role);

// The task name of a directory: its base name ("data/glue-rte/" -> "glue-rte").
std::string task_name_of(const std::filesystem::path& dir);

// Loads the three files. InputError (file and line) for a missing directory
// or file, a bad line, a task with no metric and no override, --split not in
// {0, 1, 2}, or, for a Pearson-Correlation task, a first answer that is not a
// number.
Task load_task(const std::filesystem::path& dir, const TaskOptions& options = {});

// Lines [0, n/2) (part 1) or [n/2, n) (part 2) of a file, n/2 rounded down.
TaskFile split_half(const TaskFile& file, int part);
// The first `count` lines of a file (all of them when it has fewer).
TaskFile first_lines(const TaskFile& file, std::size_t count);

}  // namespace mcplm
