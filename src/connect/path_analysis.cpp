#include "mcplm/connect/path_analysis.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "mcplm/report/csv_field.h"
#include "mcplm/report/py_format.h"

namespace mcplm {

ScoreLists compare_scores(const std::vector<double>& scores, const std::vector<double>* previous) {
  ScoreLists l;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const auto id = static_cast<int64_t>(i);
    const double s = scores[i];
    if (!previous) {
      if (s == 0) l.zero.push_back(id);
      if (s == 1) l.one.push_back(id), l.up_to_one.push_back(id);
      if (s > 0) l.up.push_back(id);
      continue;
    }
    const double p = (*previous)[i];
    if (s == 0) {
      l.zero.push_back(id);
      if (p > 0) l.down_to_zero.push_back(id);
    }
    if (s == 1) {
      l.one.push_back(id);
      if (p < 1) l.up_to_one.push_back(id);
    }
    if (s > p) l.up.push_back(id);
    if (s < p) l.down.push_back(id);
  }
  return l;
}

namespace {

const std::optional<SplitEval>& split_of(const PointRecord& p, const std::string& split) {
  return split == "test" ? p.test : p.dev;
}

double mean_of(const std::vector<PointRecord>& points,
               const std::function<double(const PointRecord&)>& value) {
  double total = 0;
  for (const auto& p : points) total += value(p);
  return points.empty() ? 0.0 : total / static_cast<double>(points.size());
}

double dev_perf(const PointRecord& p) { return p.dev ? p.dev->performance : 0.0; }
double dev_loss(const PointRecord& p) { return p.dev ? p.dev->loss : 0.0; }
double test_perf(const PointRecord& p) { return p.test ? p.test->performance : 0.0; }
double test_loss(const PointRecord& p) { return p.test ? p.test->loss : 0.0; }

std::string py_list(const std::vector<double>& xs) {
  std::vector<std::string> parts;
  for (double x : xs) parts.push_back(py_float(x));
  return "[" + fmt::format("{}", fmt::join(parts, ", ")) + "]";
}

}  // namespace

std::string result_csv(const std::vector<PointRecord>& points, const PathLabels& labels) {
  using Value = std::optional<double>;
  using Field = std::function<Value(const SplitEval&)>;
  const Field performance = [](const SplitEval& s) { return s.performance; };
  const Field loss = [](const SplitEval& s) { return s.loss; };
  // A split's field of one point; none when the split was not evaluated.
  auto of = [](const std::optional<SplitEval>& split, const Field& field) {
    return split ? field(*split) : Value();
  };
  // The mean over the points that evaluated the split.
  auto mean = [&](const std::string& split, const Field& field) {
    double total = 0;
    std::size_t count = 0;
    for (const auto& p : points)
      if (const auto& s = split_of(p, split)) {
        total += *field(*s);
        ++count;
      }
    return count ? Value(total / static_cast<double>(count)) : Value();
  };
  auto cell = [](const Value& v) { return v ? fixed4(*v) : std::string(); };
  std::string out = "prefix,metric,x,dev_performance,dev_loss,test_performance,test_loss\n";
  auto row = [&](const std::string& prefix, double x, Value dp, Value dl, Value tp, Value tl) {
    out += fmt::format("{},{},{},{},{},{},{}\n", csv_field(prefix), csv_field(labels.metric),
                       fixed4(x), cell(dp), cell(dl), cell(tp), cell(tl));
  };
  for (const auto& p : points)
    row(labels.prefix, p.x, of(p.dev, performance), of(p.dev, loss), of(p.test, performance),
        of(p.test, loss));
  row("average", mean_of(points, [](const PointRecord& p) { return p.x; }),
      mean("dev", performance), mean("dev", loss), mean("test", performance), mean("test", loss));
  return out;
}

std::string data_analyze_txt(const std::vector<PointRecord>& points, const PathLabels& labels) {
  std::string out;
  const std::vector<double>* previous_dev = nullptr;
  const std::vector<double>* previous_test = nullptr;
  for (const auto& p : points) {
    const std::string x = py_float(p.x);
    if (p.dev && labels.on_train) {
      ScoreLists l = compare_scores(p.dev->scores, nullptr);
      out +=
          fmt::format("total number of data is {} \nTEST ON TRAIN: round x = {}, in dev_data: \n",
                      p.dev->scores.size(), x);
      out += fmt::format("zero_list_num: {}\none_list_num: {}\n", l.zero.size(), l.one.size());
      continue;
    }
    auto block = [&](const SplitEval& s, const std::vector<double>*& previous, const char* name,
                     const char* data) {
      ScoreLists l = compare_scores(s.scores, previous);
      out += fmt::format("total number of data is {} \n{}: round x = {}, in {}: \n",
                         s.scores.size(), name, x, data);
      out += fmt::format(
          "zero_list_num: {}\none_list_num: {}\nup_list_num: {}\nup_to_one_num: {}\n"
          "down_list_num: {}\ndown_to_zero_num: {}\n\n",
          l.zero.size(), l.one.size(), l.up.size(), l.up_to_one.size(), l.down.size(),
          l.down_to_zero.size());
      previous = &s.scores;
    };
    if (p.dev) block(*p.dev, previous_dev, "DEV", "dev_data");
    if (p.test) block(*p.test, previous_test, "TEST", "test_data");
  }
  return out;
}

std::string data_analysis_json(const std::vector<PointRecord>& points, const std::string& split,
                               bool on_train) {
  // Keys in x order (json.dump keeps the insertion order of the original's dict).
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  const std::vector<double>* previous = nullptr;
  for (const auto& p : points) {
    const auto& s = split_of(p, split);
    if (!s) continue;
    ScoreLists l = compare_scores(s->scores, on_train ? nullptr : previous);
    nlohmann::ordered_json entry = {{"zero_list", l.zero}, {"one_list", l.one}};
    if (!on_train) {
      entry["up_list"] = l.up;
      entry["down_list"] = l.down;
    }
    out[py_float(p.x)] = std::move(entry);
    previous = &s->scores;
  }
  return out.dump();
}

std::string solution_analysis_txt(const std::vector<PointRecord>& points) {
  std::vector<double> better_valid, better_test, better_both;
  double best_dev = -1.0;
  if (!points.empty()) {
    const PointRecord& left = points.front();
    const PointRecord& right = points.back();
    for (const auto& p : points) {
      bool valid_better = p.dev && dev_perf(p) > dev_perf(left) && dev_perf(p) > dev_perf(right);
      if (valid_better) better_valid.push_back(p.x);
      if (p.test && test_perf(p) > test_perf(left) && test_perf(p) > test_perf(right)) {
        better_test.push_back(p.x);
        if (valid_better) better_both.push_back(p.x);
      }
      if (p.dev && p.dev->performance > best_dev) best_dev = p.dev->performance;
    }
  }
  return fmt::format(
      "better valid number: {}, which are {} \nbetter test number: {}, which are {} \n"
      "better valid & test number: {}, which are {} \n\nbest valid performance: {} \n"
      "average valid performance: {} \naverage valid loss: {} \naverage test performance: {} \n"
      "average test loss: {} \n\n",
      better_valid.size(), py_list(better_valid), better_test.size(), py_list(better_test),
      better_both.size(), py_list(better_both), py_float(best_dev),
      py_float(mean_of(points, dev_perf)), py_float(mean_of(points, dev_loss)),
      py_float(mean_of(points, test_perf)), py_float(mean_of(points, test_loss)));
}

namespace {
Barrier barrier(const std::vector<double>& xs, const std::vector<double>& values, double sign) {
  Barrier b{-std::numeric_limits<double>::infinity(), 0};
  if (values.empty()) return {0, 0};
  const double v0 = values.front(), v1 = values.back();
  for (std::size_t i = 0; i < xs.size(); ++i) {
    double gap = sign * (values[i] - ((1 - xs[i]) * v0 + xs[i] * v1));
    if (gap > b.height) b = {gap, xs[i]};
  }
  return b;
}
}  // namespace

Barrier loss_barrier(const std::vector<double>& xs, const std::vector<double>& values) {
  return barrier(xs, values, +1.0);
}

Barrier metric_barrier(const std::vector<double>& xs, const std::vector<double>& values) {
  return barrier(xs, values, -1.0);
}

nlohmann::json path_summary(const std::vector<PointRecord>& points, const PathLabels& labels) {
  nlohmann::json out = {
      {"task", labels.prefix}, {"metric", labels.metric}, {"points", points.size()}};
  std::vector<double> xs;
  for (const auto& p : points) xs.push_back(p.x);
  for (const std::string split : {"dev", "test"}) {
    std::vector<double> perf, loss;
    for (const auto& p : points)
      if (const auto& s = split_of(p, split))
        perf.push_back(s->performance), loss.push_back(s->loss);
    if (perf.size() != points.size() || points.empty()) continue;
    Barrier lb = loss_barrier(xs, loss), mb = metric_barrier(xs, perf);
    nlohmann::json s = {
        {"endpoints",
         {{"performance", {perf.front(), perf.back()}}, {"loss", {loss.front(), loss.back()}}}},
        {"loss_barrier", {{"height", lb.height}, {"x", lb.x}}},
        {"metric_barrier", {{"height", mb.height}, {"x", mb.x}}}};
    if (points.size() > 2) {
      auto best = std::max_element(perf.begin() + 1, perf.end() - 1);
      std::size_t i = static_cast<std::size_t>(best - perf.begin());
      s["best_interior"] = {{"x", xs[i]},
                            {"performance", *best},
                            {"loss", loss[i]},
                            {"beats_both_ends", *best > perf.front() && *best > perf.back()}};
    }
    out[split] = std::move(s);
  }
  return out;
}

}  // namespace mcplm
