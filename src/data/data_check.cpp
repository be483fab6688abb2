#include "mcplm/data/data_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "mcplm/text/python_str.h"
#include "mcplm/text/utf8.h"

namespace mcplm {
namespace {

LengthSummary summarize(std::vector<std::size_t> lengths, std::size_t limit, bool count_over) {
  LengthSummary s;
  if (lengths.empty()) return s;
  std::sort(lengths.begin(), lengths.end());
  auto rank = [&](double percent) {
    auto k =
        static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(lengths.size())));
    return lengths[std::max<std::size_t>(k, 1) - 1];
  };
  s.p50 = rank(50), s.p90 = rank(90), s.p99 = rank(99), s.max = lengths.back();
  if (count_over)
    s.over_limit = static_cast<std::size_t>(
        lengths.end() - std::upper_bound(lengths.begin(), lengths.end(), limit));
  return s;
}

SplitSummary summarize_split(const std::string& role, const TaskFile& file, const Task& task,
                             const DataCheckOptions& options) {
  auto length = [&](const std::string& text) {
    return options.tokenizer ? options.tokenizer->encode(text).size() : utf8_length(text);
  };
  SplitSummary s;
  s.role = role;
  s.file = file.path;
  s.lines = file.examples.size();
  std::map<std::string, std::size_t> counts;
  std::vector<std::size_t> input_lengths, target_lengths;
  for (const auto& example : file.examples) {
    s.answers += example.answers.size();
    s.multi_answer_lines += example.answers.size() > 1;
    ++counts[example.answers[0]];
    s.labels_not_in_train +=
        !std::binary_search(task.train_labels.begin(), task.train_labels.end(), example.answers[0]);
    input_lengths.push_back(length(t5_input_text(task.name, example.input, options.format)));
    for (const auto& answer : example.answers)
      target_lengths.push_back(length(t5_target_text(answer, options.format)));
  }
  s.labels.assign(counts.begin(), counts.end());
  std::stable_sort(s.labels.begin(), s.labels.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const bool tokens = options.tokenizer != nullptr;
  s.input = summarize(std::move(input_lengths), options.max_input_length, tokens);
  s.target = summarize(std::move(target_lengths), options.max_output_length, tokens);
  return s;
}

std::string format_lengths(const char* what, const LengthSummary& s, bool tokens,
                           std::size_t limit) {
  std::string line =
      fmt::format("  {} length p50/p90/p99/max: {}/{}/{}/{}", what, s.p50, s.p90, s.p99, s.max);
  if (tokens) line += fmt::format(", truncated at {}: {}", limit, s.over_limit);
  return line + "\n";
}

}  // namespace

DataCheckReport check_task_data(const std::filesystem::path& dir, const DataCheckOptions& options) {
  Task task = load_task(dir, options.task);
  DataCheckReport report;
  report.task = task.name;
  report.dir = dir;
  report.metric = task.metric;
  report.token_lengths = options.tokenizer != nullptr;
  report.max_input_length = options.max_input_length;
  report.max_output_length = options.max_output_length;
  report.splits.push_back(summarize_split("train", task.train, task, options));
  report.splits.push_back(summarize_split("dev", task.dev, task, options));
  report.splits.push_back(summarize_split("test", task.test, task, options));
  return report;
}

std::string format_data_check(const DataCheckReport& report, std::size_t max_labels) {
  std::string out = fmt::format("task:    {} ({})\nmetric:  {}\nlengths: {}\n", report.task,
                                report.dir.string(), metric_name(report.metric),
                                report.token_lengths ? "tokens" : "characters of the T5 texts");
  const bool classification = report.metric == Metric::acc ||
                              report.metric == Metric::classification_f1 ||
                              report.metric == Metric::matthews_correlation;
  for (const auto& s : report.splits) {
    out += fmt::format("{}: {} lines, {} answers, {} lines with several answers  ({})\n", s.role,
                       s.lines, s.answers, s.multi_answer_lines, s.file.string());
    out += fmt::format("  {} distinct first answers:", s.labels.size());
    for (std::size_t k = 0; k < std::min(max_labels, s.labels.size()); ++k)
      out += fmt::format(" {}={}", s.labels[k].first, s.labels[k].second);
    if (s.labels.size() > max_labels) out += " ...";
    out += "\n";
    if (classification && s.role != "train" && s.labels_not_in_train)
      out += fmt::format("  first answers not in train (RoBERTa rejects these): {}\n",
                         s.labels_not_in_train);
    out += format_lengths("input ", s.input, report.token_lengths, report.max_input_length);
    out += format_lengths("target", s.target, report.token_lengths, report.max_output_length);
  }
  return out;
}

}  // namespace mcplm
