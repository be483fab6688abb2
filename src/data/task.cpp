#include "mcplm/data/task.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <vector>

#include "mcplm/core/error.h"
#include "mcplm/text/python_str.h"

namespace mcplm {
namespace {

TaskFile slice(const TaskFile& file, std::size_t begin, std::size_t end) {
  return TaskFile{file.path,
                  std::vector<Example>(file.examples.begin() + begin, file.examples.begin() + end)};
}

void check_numeric_labels(const TaskFile& file) {
  for (const auto& example : file.examples)
    if (!py_float(example.answers[0]))
      throw InputError(file.path.string(), example.line + 1,
                       fmt::format("label '{}' is not a number (the task's metric is "
                                   "Pearson-Correlation)",
                                   example.answers[0]));
}

}  // namespace

std::filesystem::path task_file_path(const std::filesystem::path& dir, const std::string& role) {
  return dir / (task_name_of(dir) + "_" + role + ".tsv");
}

std::string task_name_of(const std::filesystem::path& dir) {
  std::filesystem::path normal = dir.lexically_normal();
  if (!normal.has_filename()) normal = normal.parent_path();
  if (normal.filename() == "." || normal.filename() == "..")
    normal = std::filesystem::absolute(normal).lexically_normal();
  return normal.filename().string();
}

TaskFile split_half(const TaskFile& file, int part) {
  const std::size_t half = file.examples.size() / 2;
  return part == 1 ? slice(file, 0, half) : slice(file, half, file.examples.size());
}

TaskFile first_lines(const TaskFile& file, std::size_t count) {
  return slice(file, 0, std::min(count, file.examples.size()));
}

// The task directories (those holding their own NAME_train.tsv) at most two
// levels below `dir`, for the message that `dir` is not one.
std::vector<std::string> task_dirs_below(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> found;
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it.depth() > 1) it.disable_recursion_pending();
    if (it->is_directory(error) && fs::exists(task_file_path(it->path(), "train"), error))
      found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

// A directory without any of NAME_{train,dev,test}.tsv is named as what it
// is, with the task directories found below it (a parent such as data/ given
// for data/rte); one missing file is named by the reader.
void check_is_task_dir(const std::filesystem::path& dir) {
  for (const char* role : {"train", "dev", "test"})
    if (std::filesystem::exists(task_file_path(dir, role))) return;
  const std::string name = task_name_of(dir);
  std::string what = fmt::format("not a task directory: expected {0}_train.tsv, {0}_dev.tsv and "
                                 "{0}_test.tsv in it (the directory's name is the task's)",
                                 name);
  const std::vector<std::string> below = task_dirs_below(dir);
  if (!below.empty()) {
    what += "; task directories below it: ";
    for (std::size_t i = 0; i < below.size() && i < 8; ++i)
      what += (i ? ", " : "") + below[i];
    if (below.size() > 8) what += fmt::format(" and {} more", below.size() - 8);
  }
  throw InputError(dir.string(), 0, what);
}

Task load_task(const std::filesystem::path& dir, const TaskOptions& options) {
  if (!std::filesystem::is_directory(dir))
    throw InputError(dir.string(), 0, "not a task directory");
  check_is_task_dir(dir);
  if (options.split < 0 || options.split > 2)
    throw InputError(fmt::format("--split must be 1 or 2, not {}", options.split));

  Task task;
  task.dir = dir;
  task.name = task_name_of(dir);
  task.metric = metric_for_task(task.name, options.metric, dir.string());

  TaskFile train = read_task_file(task_file_path(dir, "train"));
  std::set<std::string> labels;
  for (const auto& example : train.examples) labels.insert(example.answers[0]);
  task.train_labels.assign(labels.begin(), labels.end());

  TaskFile dev = options.on_train ? train : read_task_file(task_file_path(dir, "dev"));
  task.test = read_task_file(task_file_path(dir, "test"));
  task.train = options.split ? split_half(train, options.split) : std::move(train);
  task.dev = options.choose_dev_1000 ? first_lines(dev, 1000) : std::move(dev);
  if (options.choose_test_1000) task.test = first_lines(task.test, 1000);

  if (task.metric == Metric::pearson_correlation)
    for (const TaskFile* file : {&task.train, &task.dev, &task.test}) check_numeric_labels(*file);
  return task;
}

}  // namespace mcplm
