#include "mcplm/connect/plane.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <tuple>

#include "mcplm/connect/curve.h"
#include "mcplm/connect/curve_file.h"
#include "mcplm/connect/lora_space.h"
#include "mcplm/connect/path_record.h"
#include "mcplm/connect/plane_grid.h"
#include "mcplm/core/error.h"
#include "mcplm/core/interrupt.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/model_fingerprint.h"
#include "mcplm/report/contour_plot.h"
#include "mcplm/report/progress.h"
#include "mcplm/report/py_format.h"
#include "mcplm/report/svg_plot.h"
#include "mcplm/train/checkpoint_io.h"

namespace mcplm {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kRecords = "points.jsonl";
constexpr const char* kDescription = "plane.json";

// One evaluated grid point: its indices, coordinates, the combination that
// made it (w1, w2, w3 of θ1, θ2, θ3; random directions: α, β) and the
// evaluation, stored as interpolate's point record plus these fields.
struct GridRecord {
  int i = 0, j = 0;
  double x = 0, y = 0;
  std::vector<double> combination;
  PointRecord eval;
};

json record_json(const GridRecord& r) {
  json j = to_json(r.eval);
  j["i"] = r.i;
  j["j"] = r.j;
  j["x"] = r.x;
  j["y"] = r.y;
  j["combination"] = r.combination;
  return j;
}

std::vector<GridRecord> read_records(const fs::path& dir) {
  std::vector<GridRecord> records;
  std::ifstream in(dir / kRecords);
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() && in.peek() == EOF) break;  // a last line cut short by a kill
    const std::string file = (dir / kRecords).string();
    if (!j.is_object() || !j.contains("i") || !j.contains("j") || !j.contains("y") ||
        !j.contains("combination"))
      throw InputError(file, number, "not a plane point record");
    GridRecord r;
    r.eval = point_from_json(j, file, number);
    r.i = j["i"].get<int>();
    r.j = j["j"].get<int>();
    r.x = r.eval.x;
    r.y = j["y"].get<double>();
    r.combination = j["combination"].get<std::vector<double>>();
    records.push_back(std::move(r));
  }
  return records;
}

void append_record(const fs::path& dir, const GridRecord& r) {
  std::ofstream out(dir / kRecords, std::ios::app | std::ios::binary);
  out << record_json(r).dump() << "\n";
  out.flush();
  if (!out) throw std::runtime_error((dir / kRecords).string() + ": cannot append (disk full?)");
}

std::string cell(const std::optional<SplitEval>& s, bool loss) {
  if (!s) return "";
  return fmt::format("{:.4f}", loss ? s->loss : s->performance);
}

// plane.csv: one row per grid point in (j, i) order.
std::string plane_csv(const std::vector<GridRecord>& records, const json& description) {
  const bool random = description["mode"] == "random";
  std::string csv = random ? "i,j,alpha,beta" : "i,j,x,y,w1,w2,w3";
  csv += ",dev_performance,dev_loss,test_performance,test_loss\n";
  for (const auto& r : records) {
    csv += fmt::format("{},{}", r.i, r.j);
    if (!random) csv += fmt::format(",{:.6g},{:.6g}", r.x, r.y);
    for (double c : r.combination) csv += fmt::format(",{:.6g}", c);
    csv += "," + cell(r.eval.dev, false) + "," + cell(r.eval.dev, true) + "," +
           cell(r.eval.test, false) + "," + cell(r.eval.test, true) + "\n";
  }
  return csv;
}

// Contour maps of the loss and the metric of the dev split (else test); a
// line chart for a 1-D slice.
std::string plane_svg(const std::vector<GridRecord>& records, const json& description) {
  const auto xs = description["grid"]["x"].get<std::vector<double>>();
  const auto ys = description["grid"]["y"].get<std::vector<double>>();
  const std::string metric = description["metric"];
  const bool on_dev = std::any_of(records.begin(), records.end(),
                                  [](const GridRecord& r) { return r.eval.dev.has_value(); });
  const std::string split =
      on_dev ? (description["on_train"].get<bool>() ? "train" : "dev") : "test";
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> loss(xs.size() * ys.size(), nan), score(loss.size(), nan);
  for (const auto& r : records) {
    const auto& s = on_dev ? r.eval.dev : r.eval.test;
    if (!s) continue;
    loss[static_cast<std::size_t>(r.j) * xs.size() + r.i] = s->loss;
    score[static_cast<std::size_t>(r.j) * xs.size() + r.i] = s->performance;
  }
  const bool random = description["mode"] == "random";
  const std::string title = description["title"];
  const std::string x_label = random ? "α (direction 1)" : "x (along θ1 → θ2)";
  const std::string y_label = random ? "β (direction 2)" : "y (towards θ3)";
  if (ys.size() == 1) {
    Panel l{split + " loss", x_label, "loss", {{split, xs, loss, "#1f77b4"}}};
    Panel m{split + " " + metric, x_label, metric, {{split, xs, score, "#1f77b4"}}};
    return line_chart_svg(title, {l, m});
  }
  std::vector<MapMarker> markers;
  std::vector<std::string> caption;
  for (const auto& p : description["points"]) {
    markers.push_back({p["label"].get<std::string>(), p["x"].get<double>(), p["y"].get<double>()});
    caption.push_back(
        fmt::format("{}: {}", p["label"].get<std::string>(), p["file"].get<std::string>()));
  }
  for (const auto& p : description["paths"])
    caption.push_back(fmt::format("{}: {}", p["dashed"].get<bool>() ? "dashed" : "solid",
                                  p["label"].get<std::string>()));
  // A loss spanning more than a decade and a half is shaded by its logarithm.
  std::string loss_label = "loss";
  const auto [lo, hi] = std::minmax_element(loss.begin(), loss.end(), [](double a, double b) {
    return std::isfinite(a) && (!std::isfinite(b) || a < b);
  });
  if (std::isfinite(*lo) && *lo > 0 && *hi / *lo > 30) {
    for (double& v : loss) v = std::log10(v);
    loss_label = "log10(loss)";
  }
  std::vector<MapPath> paths;
  for (const auto& p : description["paths"])
    paths.push_back({p["label"].get<std::string>(), p["x"].get<std::vector<double>>(),
                     p["y"].get<std::vector<double>>(), p["dashed"].get<bool>()});
  return contour_svg(title, x_label, y_label, xs, ys,
                     {{split + " loss", loss_label, loss}, {split + " " + metric, metric, score}},
                     markers, paths, caption);
}

void write_outputs(const fs::path& dir, std::vector<GridRecord> records, const json& description) {
  std::sort(records.begin(), records.end(), [](const GridRecord& a, const GridRecord& b) {
    return std::tie(a.j, a.i) < std::tie(b.j, b.i);
  });
  std::string lines;
  for (const auto& r : records) lines += record_json(r).dump() + "\n";
  write_text_atomically(dir / kRecords, lines);
  write_text_atomically(dir / "plane.csv", plane_csv(records, description));
  write_text_atomically(dir / "plane.svg", plane_svg(records, description));
}

// The keys of two descriptions that differ ("grid", "inputs.ckpt2", ...).
std::vector<std::string> differences(const json& a, const json& b, const std::string& prefix = "") {
  std::vector<std::string> out;
  for (const auto& [key, value] : a.items()) {
    const std::string name = prefix + key;
    if (!b.contains(key)) {
      out.push_back(name);
    } else if (value.is_object() && b[key].is_object()) {
      for (const auto& d : differences(value, b[key], name + ".")) out.push_back(d);
    } else if (value != b[key]) {
      out.push_back(name);
    }
  }
  for (const auto& [key, value] : b.items())
    if (!a.contains(key)) out.push_back(prefix + key);
  return out;
}

json read_description(const fs::path& dir) {
  const fs::path file = dir / kDescription;
  if (!fs::exists(file)) throw InputError(file.string(), 0, "missing: not a plane output");
  json j = json::parse(read_file_bytes(file), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("grid") || !j.contains("mode"))
    throw InputError(file.string(), 0, "not a plane description");
  return j;
}

// The plane being evaluated: the model with its tuned tensors, how a grid
// point's tensors are formed, and the description written to plane.json.
class PlaneRun {
 public:
  PlaneRun(const PlaneOptions& o, std::ostream& log) : o_(o), log_(log) {}

  void run() {
    load();
    const fs::path& out = o_.output_dir;
    std::set<std::pair<int, int>> done;
    if (fs::exists(out / kRecords)) {
      if (!o_.resume)
        throw InputError((out / kRecords).string(), 0,
                         "the output directory already holds results: pass --resume to continue "
                         "them, or choose another --output-dir");
      const json earlier = read_description(out);
      const auto differ = differences(earlier, description_);
      if (!differ.empty())
        throw InputError((out / kDescription).string(), 0,
                         fmt::format("describes another plane (differs in {}): resume with the "
                                     "first run's options, or choose another --output-dir",
                                     fmt::join(differ, ", ")));
      const std::vector<GridRecord> earlier_records = read_records(out);
      for (const auto& r : earlier_records) done.insert({r.i, r.j});
      rewrite_records(earlier_records);
    }
    fs::create_directories(out);
    write_text_atomically(out / kDescription, description_.dump(2) + "\n");
    evaluate(done);
    if (o_.shard_count == 1) {
      write_outputs(out, read_records(out), description_);
      log_ << fmt::format("{}: outputs in {}\n", task_.name, out.string());
    }
  }

 private:
  void load() {
    if (!o_.do_valid && !o_.do_predict && !o_.task.on_train)
      throw InputError("nothing to evaluate: pass --do-valid, --do-predict or --on-train");
    grid_ = parse_grid(o_.grid);
    fs::path ckpt1 = o_.ckpt1, ckpt2 = o_.ckpt2;
    std::optional<TuningMethod> method = o_.method;
    std::optional<CurveRecord> curve;
    if (!o_.curve.empty()) {
      curve = read_curve_file(o_.curve);
      if (ckpt1.empty()) ckpt1 = curve->ckpt1;
      if (ckpt2.empty()) ckpt2 = curve->ckpt2;
      if (!method) method = curve->method;
      if (curve->bends.size() > 1)
        log_ << fmt::format("{} has {} bends: the plane goes through the first\n",
                            o_.curve.string(), curve->bends.size());
    }
    task_ = load_task(o_.task_dir, o_.task);
    if (o_.random_directions) {
      LoadedParams one = load_checkpoint_params(ckpt1, method.value_or(TuningMethod::Adapter));
      const TuningMethod found = method ? *method : detect_method(one);
      if (!method && found != TuningMethod::Adapter) one = load_checkpoint_params(ckpt1, found);
      note_base(one.metadata, ckpt1.string());
      build_model(found, one, ckpt1);
      theta1_ = in_space(tuned_from(one.params, tuned_, ckpt1.string()), ckpt1.string());
      describe_random(ckpt1);
      return;
    }
    const PathEnds ends = load_path_ends(ckpt1, ckpt2, method, o_.setup);
    for (const auto& note : ends.other_base) note_base(note);
    if (curve) note_base(curve->details, o_.curve.string());
    build_model(ends.method, ends.ckpt1, ckpt1);
    check_no_extra_tensors(ends.ckpt1.params, tuned_, ends.method, ckpt1.string());
    check_no_extra_tensors(ends.ckpt2.params, tuned_, ends.method, ckpt2.string());
    theta1_ = in_space(tuned_from(ends.ckpt1.params, tuned_, ckpt1.string()), ckpt1.string());
    theta2_ = in_space(tuned_from(ends.ckpt2.params, tuned_, ckpt2.string()), ckpt2.string());
    std::string third;
    if (curve) {
      if (o_.lora_space == LoraSpace::Merged)
        throw InputError(o_.curve.string(), 0,
                         "a curve's bends are LoRA factors: give --ckpt3 with --lora-space merged");
      third = o_.curve.string() + " (bend 1)";
      theta3_ = tuned_from(curve->bends.front(), tuned_, o_.curve.string()).to(o_.setup.device);
    } else {
      third = o_.ckpt3.string();
      const LoadedParams three = load_checkpoint_params(o_.ckpt3, ends.method);
      check_same_method(ends.ckpt1, "--ckpt1 " + ckpt1.string(), three, "--ckpt3 " + third);
      check_checkpoint_family(three, o_.setup.model_dir, third);
      note_base(three.metadata, third);
      check_no_extra_tensors(three.params, tuned_, ends.method, third);
      theta3_ = in_space(tuned_from(three.params, tuned_, third), third);
    }
    basis_ = plane_basis(theta1_, theta2_, theta3_, {ckpt1.string(), ckpt2.string(), third});
    describe_three(ckpt1, ckpt2, third, curve);
  }

  // A checkpoint tuned from another base (--allow-other-base): said in the
  // log and in plane.json's inputs.
  void note_base(const Metadata& metadata, const std::string& source) {
    if (auto note = check_checkpoint_base(metadata, o_.setup, source)) note_base(*note);
  }
  void note_base(const std::string& note) {
    log_ << "note: " << note << "\n";
    other_base_.push_back(note);
  }

  void build_model(TuningMethod method, const LoadedParams& ckpt1, const fs::path& source) {
    const ModelSetup setup = setup_for_checkpoints(o_.setup, method, ckpt1, source.string());
    model_ = load_task_model(setup, task_);
    tuned_ = model_->tuned_parameters();
    method_ = method;
    lora_ = setup.lora;
  }

  // A solution's tuned tensors on the model's device, in --lora-space.
  ParamSet in_space(const ParamSet& theta, const std::string& source) {
    return in_lora_space(theta.to(o_.setup.device), o_.lora_space, method_, *model_, lora_, source);
  }

  json inputs(const std::vector<std::pair<std::string, std::string>>& files) const {
    json j = {{"model", o_.setup.model_dir.string()},
              {"method", tuning_method_name(method_)},
              {"task", task_.name},
              {"on_train", o_.task.on_train},
              {"dev", o_.do_valid || o_.task.on_train},
              {"test", o_.do_predict && !o_.task.on_train},
              {"choose_dev_1000", o_.task.choose_dev_1000},
              {"choose_test_1000", o_.task.choose_test_1000},
              {"max_input_length", o_.setup.t5.max_input_length},
              {"max_output_length", o_.setup.t5.max_output_length},
              {"decode", decode_mode_name(o_.eval.decode)}};
    for (const auto& [key, file] : files) j[key] = file;
    j["model_fingerprint"] = model_fingerprint(o_.setup.model_dir);
    if (!other_base_.empty()) j["other_base"] = other_base_;
    if (o_.lora_space == LoraSpace::Merged) j["lora_space"] = lora_space_name(o_.lora_space);
    return j;
  }

  void describe_three(const fs::path& ckpt1, const fs::path& ckpt2, const std::string& third,
                      const std::optional<CurveRecord>& curve) {
    const std::vector<std::array<double, 2>> marks{{0, 0}, {basis_.a, 0}, {basis_.c, basis_.b}};
    axes_ = plane_axes(marks, o_.margin, grid_);
    const std::array<std::string, 3> labels{"θ1", "θ2", curve ? "bend 1" : "θ3"};
    const std::array<std::string, 3> files{ckpt1.string(), ckpt2.string(), third};
    json points = json::array();
    for (int k = 0; k < 3; ++k)
      points.push_back(
          {{"label", labels[k]}, {"file", files[k]}, {"x", marks[k][0]}, {"y", marks[k][1]}});
    json paths = json::array();
    paths.push_back(
        {{"label", "line θ1 → θ2"}, {"x", {0.0, basis_.a}}, {"y", {0.0, 0.0}}, {"dashed", false}});
    if (curve) paths.push_back(curve_projection(*curve));
    description_ = {
        {"mode", "three_points"},
        {"title", fmt::format("{} on the plane through θ1, θ2 and {}", task_.name,
                              curve ? "the curve's bend" : "θ3")},
        {"metric", metric_name(task_.metric)},
        {"on_train", o_.task.on_train},
        {"basis", {{"a", basis_.a}, {"b", basis_.b}, {"c", basis_.c}}},
        {"margin", o_.margin},
        {"grid", {{"nx", grid_[0]}, {"ny", grid_[1]}, {"x", axes_[0]}, {"y", axes_[1]}}},
        {"points", points},
        {"paths", paths},
        {"inputs", inputs({{"ckpt1", ckpt1.string()},
                           {"ckpt2", ckpt2.string()},
                           {"ckpt3", curve ? "" : third},
                           {"curve", o_.curve.string()}})}};
  }

  // The curve drawn on the plane: each of its points projected onto the basis.
  json curve_projection(const CurveRecord& record) const {
    std::vector<ParamSet> bends;
    for (const auto& bend : record.bends)
      bends.push_back(tuned_from(bend, tuned_, o_.curve.string()).to(o_.setup.device));
    const Curve curve(record.kind, theta1_, theta2_, std::move(bends));
    std::vector<double> xs, ys;
    for (double t : grid_axis(0, 1, 41)) {
      const ParamSet p = curve.point(t);
      const auto xy =
          basis_.coordinates(offset_dot(p, theta2_, theta1_), offset_dot(p, theta3_, theta1_));
      xs.push_back(xy[0]);
      ys.push_back(xy[1]);
    }
    return {{"label", curve_title(record.kind, static_cast<int>(record.bends.size()))},
            {"x", xs},
            {"y", ys},
            {"dashed", true}};
  }

  void describe_random(const fs::path& ckpt1) {
    d1_ = random_direction(theta1_, o_.seed, o_.filter_norm);
    d2_ = random_direction(theta1_, o_.seed + 1, o_.filter_norm);
    axes_ = {grid_axis(-o_.range, o_.range, grid_[0]),
             grid_[1] == 1 ? std::vector<double>{0.0} : grid_axis(-o_.range, o_.range, grid_[1])};
    json points = json::array();
    points.push_back({{"label", "θ1"}, {"file", ckpt1.string()}, {"x", 0.0}, {"y", 0.0}});
    description_ = {
        {"mode", "random"},
        {"title",
         fmt::format("{} around θ1 along {} random{} direction{}", task_.name,
                     grid_[1] == 1 ? "a" : "two", o_.filter_norm ? " filter-normalised" : "",
                     grid_[1] == 1 ? "" : "s")},
        {"metric", metric_name(task_.metric)},
        {"on_train", o_.task.on_train},
        {"directions",
         {{"seed", o_.seed},
          {"filter_norm", o_.filter_norm},
          {"range", o_.range},
          {"norms", {params_norm(d1_), params_norm(d2_)}}}},
        {"grid", {{"nx", grid_[0]}, {"ny", grid_[1]}, {"x", axes_[0]}, {"y", axes_[1]}}},
        {"points", points},
        {"paths", json::array()},
        {"inputs", inputs({{"ckpt1", ckpt1.string()}})}};
  }

  // The tuned tensors at grid point (i, j) and the combination that makes them.
  ParamSet point(int i, int j, std::vector<double>& combination) const {
    const double x = axes_[0][i], y = axes_[1][j];
    if (o_.random_directions) {
      combination = {x, y};
      return direction_point(theta1_, d1_, d2_, x, y);
    }
    const auto w = basis_.weights(x, y);
    combination = {w[0], w[1], w[2]};
    return plane_point(theta1_, theta2_, theta3_, w);
  }

  void evaluate(const std::set<std::pair<int, int>>& done) {
    const bool eval_dev = o_.do_valid || o_.task.on_train;
    const bool eval_test = o_.do_predict && !o_.task.on_train;
    std::optional<EncodedSplit> dev, test;
    if (eval_dev) dev = model_->encode(task_.dev);
    if (eval_test) test = model_->encode(task_.test);
    std::vector<std::pair<int, int>> todo;
    for (int j = 0; j < grid_[1]; ++j)
      for (int i = 0; i < grid_[0]; ++i) {
        const int flat = j * grid_[0] + i;
        if (flat % o_.shard_count == o_.shard_index && !done.count({i, j})) todo.push_back({i, j});
      }
    log_ << fmt::format(
        "{}: {} grid point(s) of {}x{} to evaluate ({} done){}\n", task_.name, todo.size(),
        grid_[0], grid_[1], done.size(),
        o_.shard_count > 1 ? fmt::format(", shard {}/{}", o_.shard_index, o_.shard_count) : "");
    Progress clock("", static_cast<int64_t>(todo.size()), /*quiet=*/true);
    for (std::size_t k = 0; k < todo.size(); ++k) {
      if (interrupt_requested()) {
        log_ << fmt::format("interrupted after {} point(s): continue with --resume\n", k);
        throw Interrupted{};
      }
      GridRecord r;
      std::tie(r.i, r.j) = todo[k];
      r.x = axes_[0][r.i];
      r.y = axes_[1][r.j];
      model_->assign(point(r.i, r.j, r.combination), "the plane's parameters");
      r.eval.x = r.x;
      std::string line = fmt::format("({},{}) x={:.4g} y={:.4g}", r.i, r.j, r.x, r.y);
      if (dev) {
        r.eval.dev =
            evaluate_split(*model_, *dev, task_.dev, task_.metric, o_.eval, task_.train_labels)
                .eval;
        line += fmt::format("  {} {:.4f} loss {:.4f}", o_.task.on_train ? "train" : "dev",
                            r.eval.dev->performance, r.eval.dev->loss);
      }
      if (test) {
        r.eval.test =
            evaluate_split(*model_, *test, task_.test, task_.metric, o_.eval, task_.train_labels)
                .eval;
        line +=
            fmt::format("  test {:.4f} loss {:.4f}", r.eval.test->performance, r.eval.test->loss);
      }
      append_record(o_.output_dir, r);
      log_ << line << progress_note(k + 1, todo.size(), clock.elapsed()) << "\n" << std::flush;
    }
  }

  // A resumed run first rewrites the record without a line a kill cut short.
  void rewrite_records(const std::vector<GridRecord>& records) {
    std::string lines;
    for (const auto& r : records) lines += record_json(r).dump() + "\n";
    write_text_atomically(o_.output_dir / kRecords, lines);
  }

  const PlaneOptions& o_;
  std::ostream& log_;
  std::vector<std::string> other_base_;  // note_base's notes
  Task task_;
  std::unique_ptr<TaskModel> model_;
  TuningMethod method_ = TuningMethod::Model;
  LoraConfig lora_;  // the ends' LoRA configuration (with --method lora)
  ParamSet tuned_, theta1_, theta2_, theta3_, d1_, d2_;
  PlaneBasis basis_;
  std::array<int, 2> grid_{};
  std::array<std::vector<double>, 2> axes_;
  json description_;
};

}  // namespace

void run_plane(const PlaneOptions& options, std::ostream& log) { PlaneRun(options, log).run(); }

void merge_plane(const std::vector<fs::path>& shard_dirs, const fs::path& output_dir) {
  if (shard_dirs.empty()) throw InputError("plane merge needs shard directories");
  if (fs::exists(output_dir / kRecords))
    throw InputError((output_dir / kRecords).string(), 0,
                     "the output directory already holds results: choose another --output-dir");
  const json description = read_description(shard_dirs.front());
  std::map<std::pair<int, int>, GridRecord> merged;
  for (const auto& dir : shard_dirs) {
    const auto differ = differences(read_description(dir), description);
    if (!differ.empty())
      throw InputError(
          (dir / kDescription).string(), 0,
          fmt::format("describes another plane than {} (differs in {})",
                      (shard_dirs.front() / kDescription).string(), fmt::join(differ, ", ")));
    for (auto& r : read_records(dir)) {
      if (merged.count({r.i, r.j}))
        throw InputError((dir / kRecords).string(), 0,
                         fmt::format("grid point ({}, {}) is also in another shard", r.i, r.j));
      merged[{r.i, r.j}] = std::move(r);
    }
  }
  const int nx = description["grid"]["nx"], ny = description["grid"]["ny"];
  const std::size_t expected = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  if (merged.size() != expected)
    throw InputError(fmt::format(
        "the shards hold {} of the {} grid points: run the missing shards (or resume them)",
        merged.size(), expected));
  std::vector<GridRecord> records;
  for (auto& [key, r] : merged) records.push_back(std::move(r));
  fs::create_directories(output_dir);
  write_text_atomically(output_dir / kDescription, description.dump(2) + "\n");
  write_outputs(output_dir, std::move(records), description);
}

}  // namespace mcplm
