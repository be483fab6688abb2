#include "mcplm/connect/interpolation.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <sstream>

#include "mcplm/connect/curve.h"
#include "mcplm/connect/curve_file.h"
#include "mcplm/connect/lora_space.h"
#include "mcplm/connect/path_end_labels.h"
#include "mcplm/connect/path_files.h"
#include "mcplm/connect/path_scalars.h"
#include "mcplm/connect/task_boundary.h"
#include "mcplm/core/error.h"
#include "mcplm/core/interrupt.h"
#include "mcplm/core/param_hash.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/directory_lock.h"
#include "mcplm/io/load_params.h"
#include "mcplm/io/model_fingerprint.h"
#include "mcplm/report/event_file.h"
#include "mcplm/report/progress.h"
#include "mcplm/report/py_format.h"
#include "mcplm/train/checkpoint_io.h"

namespace mcplm {

namespace fs = std::filesystem;

std::pair<int, int> parse_shard(const std::string& text) {
  int i = -1, n = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &i, &slash, &n, &extra) != 3 || slash != '/' || n < 1 ||
      i < 0 || i >= n)
    throw InputError("--points-shard must be i/n with 0 <= i < n (got '" + text + "')");
  return {i, n};
}

namespace {

// The tuned tensors at x along a path.
using ParamPath = std::function<ParamSet(double x)>;

constexpr const char* kPathMeta = "path.json";
constexpr const char* kLinearDir = "linear";    // --compare-linear's path beside a curve
constexpr const char* kFactorsDir = "factors";  // --compare-factors' path beside merged LoRA

// What a resumed run must share with the run it continues, and the shards
// of one run with each other: the ends by content, the grid, the splits, the
// evaluation settings and the base model (path.json's `inputs`).
nlohmann::json path_inputs(const InterpolateOptions& o, const ParamSet& theta1,
                           const ParamSet& theta2, const std::vector<std::string>& other_base) {
  const bool dev = o.do_valid || o.task.on_train, test = o.do_predict && !o.task.on_train;
  nlohmann::json inputs = {{"ckpt1_content", content_hash(theta1)},
                           {"ckpt2_content", content_hash(theta2)},
                           {"points", o.points},
                           {"splits", dev && test ? "dev+test"
                                      : dev       ? "dev"
                                                  : "test"},
                           {"choose_dev_1000", o.task.choose_dev_1000},
                           {"choose_test_1000", o.task.choose_test_1000},
                           {"max_input_length", o.setup.t5.max_input_length},
                           {"max_output_length", o.setup.t5.max_output_length},
                           {"roberta_max_length", o.setup.roberta_max_length},
                           {"decode", decode_mode_name(o.eval.decode)},
                           {"model", o.setup.model_dir.string()},
                           {"model_fingerprint", model_fingerprint(o.setup.model_dir)}};
  if (!other_base.empty()) inputs["other_base"] = other_base;
  if (!o.curve.empty()) inputs["curve"] = o.curve.string();
  inputs["lora_space"] = lora_space_name(o.lora_space);
  return inputs;
}

nlohmann::json path_meta(const PathLabels& labels, const InterpolateOptions& o, bool on_curve,
                         const nlohmann::json& inputs) {
  nlohmann::json meta = {{"task", labels.prefix},
                         {"metric", labels.metric},
                         {"on_train", labels.on_train},
                         {"points", o.points},
                         {"path", labels.path},
                         {"ckpt1", o.ckpt1.string()},
                         {"ckpt2", o.ckpt2.string()},
                         {"model", o.setup.model_dir.string()},
                         {"inputs", inputs},
                         {"plot",
                          {{"ends", nlohmann::json::array({labels.start, labels.end})},
                           {"log_loss", labels.log_loss}}}};
  if (on_curve) meta["curve"] = o.curve.string();
  if (o.lora_space == LoraSpace::Merged && labels.path == kMergedLoraPathTitle)
    meta["lora_space"] = lora_space_name(o.lora_space);
  return meta;
}

// "points (was 26, now 11), ckpt2_content (was …, now …)": what `now`
// changes of `was`, path.json's; empty when it continues it. Without
// `inputs` (an older path.json), its grid, ends and model as named.
std::string path_differences(const nlohmann::json& was, const nlohmann::json& now) {
  std::vector<std::string> differ;
  auto compare = [&](const nlohmann::json& a, const nlohmann::json& b, const std::string& key) {
    if (a.contains(key) && b.contains(key) && a[key] != b[key])
      differ.push_back(fmt::format("{} (was {}, now {})", key, a[key].dump(), b[key].dump()));
  };
  for (const char* key : {"task", "metric", "on_train", "path"}) compare(was, now, key);
  auto has_inputs = [](const nlohmann::json& j) {
    return j.contains("inputs") && j["inputs"].is_object();
  };
  if (has_inputs(was) && has_inputs(now)) {
    for (const auto& [key, value] : now["inputs"].items())
      compare(was["inputs"], now["inputs"], key);
  } else {
    for (const char* key : {"points", "ckpt1", "ckpt2", "model"}) compare(was, now, key);
  }
  return fmt::format("{}", fmt::join(differ, ", "));
}

// path.json's "plot": {"ends": [what θ1 is, what θ2 is], "log_loss": bool}.
bool is_plot_settings(const nlohmann::json& plot) {
  return plot.is_object() && plot.contains("ends") && plot["ends"].is_array() &&
         plot["ends"].size() == 2 && plot["ends"][0].is_string() && plot["ends"][1].is_string() &&
         plot.contains("log_loss") && plot["log_loss"].is_boolean();
}

PathLabels labels_from_meta(const fs::path& dir) {
  const fs::path file = dir / kPathMeta;
  auto j = nlohmann::json::parse(read_file_bytes(file), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("task") || !j["task"].is_string() ||
      !j.contains("metric") || !j["metric"].is_string() ||
      (j.contains("on_train") && !j["on_train"].is_boolean()) ||
      (j.contains("path") && !j["path"].is_string()) ||
      (j.contains("plot") && !is_plot_settings(j["plot"])))
    throw InputError(file.string(), 0, "not an interpolation path description");
  PathLabels labels{j["task"].get<std::string>(), j["metric"].get<std::string>(),
                    j.value("on_train", false), j.value("path", std::string(kLinearPathTitle))};
  if (j.contains("curve")) labels.parameter = "t";
  if (j.contains("plot")) {
    labels.start = j["plot"]["ends"][0].get<std::string>();
    labels.end = j["plot"]["ends"][1].get<std::string>();
    labels.log_loss = j["plot"]["log_loss"].get<bool>();
  }
  return labels;
}

// OUTPUT/interpolation.svg over the paths in `task_outs`, in the order of
// their names (the order in which `interpolate merge` finds them).
void write_tasks_figure(const fs::path& dir, std::vector<fs::path> task_outs) {
  std::sort(task_outs.begin(), task_outs.end());
  std::vector<TaskPath> tasks;
  for (const auto& out : task_outs) tasks.push_back({labels_from_meta(out), read_points(out)});
  write_tasks_plot(dir, tasks);
}

std::string split_line(const char* name, const SplitEval& s, const std::string& metric) {
  return fmt::format("  {} {} {:.4f} loss {:.4f}", name, metric, s.performance, s.loss);
}

// Prepares `out` for the points still missing; returns those done earlier.
// A resumed run must continue the same path (path_differences).
std::set<double> prepare_output(const fs::path& out, const PathLabels& labels,
                                const InterpolateOptions& o, const nlohmann::json& inputs) {
  fs::create_directories(out);
  const nlohmann::json meta = path_meta(
      labels, o, labels.path != kLinearPathTitle && labels.path != kMergedLoraPathTitle, inputs);
  std::set<double> done;
  if (fs::exists(out / kPointsFile)) {
    if (!o.resume)
      throw InputError((out / kPointsFile).string(), 0,
                       "the output directory already holds results: pass --resume to continue "
                       "them, or choose another --output-dir");
    const fs::path meta_file = out / kPathMeta;
    const auto was = nlohmann::json::parse(
        fs::exists(meta_file) ? read_file_bytes(meta_file) : "null", nullptr, false);
    if (!was.is_object())
      throw InputError(meta_file.string(), 0,
                       "missing or not an interpolation path description: cannot tell which "
                       "run --resume would continue");
    if (const std::string differ = path_differences(was, meta); !differ.empty())
      throw InputError(meta_file.string(), 0,
                       "--resume would mix two runs: this one differs in " + differ +
                           "; choose another --output-dir");
    // Rewrite the record without a line an interruption cut short, so that
    // new points append to whole lines: at once, so that a kill here leaves
    // the old record or the new one.
    const std::vector<PointRecord> points = read_points(out);
    rewrite_points(out, points, labels);
    for (const auto& p : points) done.insert(p.x);
  } else {
    fs::remove(out / "result.csv");  // a stale row file without its records
  }
  write_text_atomically(out / kPathMeta, meta.dump(2) + "\n");
  return done;
}

// The points of `lines` (records, one per line) that rank `rank` sent.
std::vector<PointRecord> points_from_rank(const std::string& lines, int rank) {
  std::vector<PointRecord> points;
  std::istringstream in(lines);
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number)
    points.push_back(
        point_from_json(nlohmann::json::parse(line), fmt::format("rank {}", rank), number));
  return points;
}

// One task directory's path: evaluate the missing points, append each; the
// plot overlays `linear` when given. Each point's log line starts with `tag`
// (which path it is, when a run evaluates two). With several ranks, rank i
// takes the points whose index is i mod the world size and rank 0 keeps the
// record: its own points as they come, the others' at the end.
void run_task_path(TaskModel& model, const Task& task, const ParamPath& path,
                   const PathLabels& labels, const fs::path& out, const InterpolateOptions& o,
                   const nlohmann::json& inputs, std::ostream& log, DistributedContext& dist,
                   const std::string& tag, const std::vector<PointRecord>& linear = {}) {
  const std::vector<double> xs = interpolation_points(o.points);
  std::set<double> done;
  std::optional<DirectoryLock> lock;  // rank 0 alone writes: one run per directory
  if (dist.is_main()) {
    lock.emplace(out, DirectoryLock::Mode::Refuse, "an interpolation");
    done = prepare_output(out, labels, o, inputs);
  }
  if (dist.distributed()) {  // rank 0's record decides
    const auto shared = nlohmann::json::parse(
        dist.broadcast_string(dist.is_main() ? nlohmann::json(done).dump() : ""));
    done = shared.get<std::set<double>>();
  }

  const bool eval_dev = o.do_valid || o.task.on_train;
  const bool eval_test = o.do_predict && !o.task.on_train;
  std::optional<EncodedSplit> dev, test;
  if (eval_dev) dev = model.encode(task.dev);
  if (eval_test) test = model.encode(task.test);

  const int shard = dist.distributed() ? dist.rank() : o.shard_index;
  const int shards = dist.distributed() ? dist.world_size() : o.shard_count;
  std::vector<double> todo;
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (static_cast<int>(i % shards) == shard && !done.count(xs[i])) todo.push_back(xs[i]);
  log << fmt::format(
      "{}: {} point(s) to evaluate ({} done){}\n", task.name, todo.size(), done.size(),
      dist.distributed()  ? fmt::format(" on rank {} of {}", dist.rank(), shards)
      : o.shard_count > 1 ? fmt::format(", shard {}/{}", o.shard_index, o.shard_count)
                          : "");
  std::optional<EventFileWriter> tensorboard;
  if (dist.is_main() && o.tensorboard) tensorboard.emplace(out / kTensorBoardDir);
  auto keep = [&](const PointRecord& point) {
    append_point(out, point, labels);
    if (tensorboard) tensorboard->write_scalars(path_step(point.x), path_scalars(point, labels));
  };
  std::string sent;  // ranks other than 0: their records, one per line
  Progress clock("", static_cast<int64_t>(todo.size()), /*quiet=*/true);
  for (std::size_t k = 0; k < todo.size(); ++k) {
    if (interrupt_requested()) {
      log << fmt::format("interrupted after {} point(s): continue with --resume\n", k);
      throw Interrupted{};
    }
    const double x = todo[k];
    model.assign(path(x), "the path's parameters");
    PointRecord record{x, std::nullopt, std::nullopt};
    std::string line = fmt::format("{}{}={:<6}", tag, labels.parameter, py_float(x));
    if (dev) {
      record.dev =
          evaluate_split(model, *dev, task.dev, task.metric, o.eval, task.train_labels).eval;
      line += split_line(o.task.on_train ? "train" : "dev", *record.dev, labels.metric);
    }
    if (test) {
      record.test =
          evaluate_split(model, *test, task.test, task.metric, o.eval, task.train_labels).eval;
      line += split_line("test", *record.test, labels.metric);
    }
    if (dist.is_main())
      keep(record);
    else
      sent += to_json(record).dump() + "\n";
    log << line << progress_note(k + 1, todo.size(), clock.elapsed()) << "\n" << std::flush;
  }
  const std::vector<std::string> gathered = dist.gather_strings(sent);
  for (std::size_t rank = 1; rank < gathered.size(); ++rank)
    for (const auto& point : points_from_rank(gathered[rank], static_cast<int>(rank))) keep(point);
  if (dist.is_main() && o.shard_count == 1) {
    write_path_outputs(out, read_points(out), labels, linear);
    log << fmt::format("{}: outputs in {}\n", task.name, out.string());
  }
}

}  // namespace

void run_interpolation(const InterpolateOptions& options, std::ostream& log,
                       DistributedContext& dist) {
  InterpolateOptions o = options;
  if (o.task_dirs.empty()) throw InputError("interpolate needs at least one --task-dir");
  if (dist.distributed() && o.shard_count > 1)
    throw InputError("--points-shard and a multi-process run both spread the points: use one");
  if (!o.do_valid && !o.do_predict && !o.task.on_train)
    throw InputError("nothing to evaluate: pass --do-valid, --do-predict or --on-train");
  std::optional<CurveRecord> curve;
  if (!o.curve.empty()) {
    curve = read_curve_file(o.curve);
    if (o.ckpt1.empty()) o.ckpt1 = curve->ckpt1;
    if (o.ckpt2.empty()) o.ckpt2 = curve->ckpt2;
    if (!o.method) o.method = curve->method;
  } else if (o.compare_linear) {
    throw InputError("--compare-linear needs --curve");
  }
  if (curve && o.lora_space == LoraSpace::Merged)
    throw InputError(o.curve.string(), 0,
                     "a curve's bends are LoRA factors: --lora-space merged evaluates lines only");
  if (o.compare_factors && o.lora_space != LoraSpace::Merged)
    throw InputError("--compare-factors needs --lora-space merged");
  if (o.compare_factors && o.shard_count > 1)
    throw InputError("--compare-factors evaluates both paths in one run: drop --points-shard");

  const PathEnds ends = load_path_ends(o.ckpt1, o.ckpt2, o.method, o.setup);
  const LoadedParams& ckpt1 = ends.ckpt1;
  const LoadedParams& ckpt2 = ends.ckpt2;
  const ModelSetup setup = setup_for_checkpoints(o.setup, ends.method, ckpt1, o.ckpt1.string());
  std::vector<std::string> other_base = ends.other_base;
  if (curve)
    if (auto note = check_checkpoint_base(curve->details, o.setup, o.curve.string()))
      other_base.push_back(*note);
  for (const auto& note : other_base) log << "note: " << note << "\n";
  const std::array<std::string, 2> ends_named =
      end_labels(ckpt1.metadata, o.ckpt1, ckpt2.metadata, o.ckpt2);

  std::vector<fs::path> task_outs;
  for (const auto& dir : o.task_dirs) {
    Task task = load_task(dir, o.task);
    auto model = load_task_model(setup, task);
    ParamSet tuned = model->tuned_parameters();
    check_no_extra_tensors(ckpt1.params, tuned, ends.method, o.ckpt1.string());
    check_no_extra_tensors(ckpt2.params, tuned, ends.method, o.ckpt2.string());
    const int head = task_head_endpoint(tuned, ckpt1.params, ckpt2.params, o.head_from,
                                        o.ckpt1.string(), o.ckpt2.string());
    if (head != 0) {
      if (curve)
        throw InputError(o.curve.string(), 0,
                         "a curve runs between ends of one task; these ends' classifier heads "
                         "differ (a task boundary)");
      // Task boundary: the evaluated task's out_proj stays fixed along the path.
      const LoadedParams& from = head == 1 ? ckpt1 : ckpt2;
      const std::string source = (head == 1 ? o.ckpt1 : o.ckpt2).string();
      model->assign(tuned_from(from.params, tuned.select(is_task_head), source), source);
      tuned = tuned.select([](const std::string& name) { return !is_task_head(name); });
      log << fmt::format("{}: classifier.out_proj from ckpt{} ({}), the rest interpolated\n",
                         task.name, head, source);
    }
    // The ends live on the model's device: each point is computed there.
    const ParamSet factors1_cpu = tuned_from(ckpt1.params, tuned, o.ckpt1.string());
    const ParamSet factors2_cpu = tuned_from(ckpt2.params, tuned, o.ckpt2.string());
    const nlohmann::json inputs = path_inputs(o, factors1_cpu, factors2_cpu, other_base);
    const ParamSet factors1 = factors1_cpu.to(setup.device);
    const ParamSet factors2 = factors2_cpu.to(setup.device);
    factors1.check_same_layout(factors2, o.ckpt1.string(), o.ckpt2.string());
    // LoRA in merged space: the ends as merged weights (the factors otherwise).
    const ParamSet theta1 =
        in_lora_space(factors1, o.lora_space, ends.method, *model, setup.lora, o.ckpt1.string());
    const ParamSet theta2 =
        in_lora_space(factors2, o.lora_space, ends.method, *model, setup.lora, o.ckpt2.string());
    const fs::path out = o.task_dirs.size() == 1 ? o.output_dir : o.output_dir / task.name;
    task_outs.push_back(out);
    PathLabels line_labels{task.name, metric_name(task.metric), o.task.on_train};
    line_labels.start = ends_named[0];
    line_labels.end = ends_named[1];
    line_labels.log_loss = o.log_loss;
    const ParamPath line = [&](double x) { return ParamSet::lerp(theta1, theta2, x); };
    if (!curve) {
      PathLabels labels = line_labels;
      std::vector<PointRecord> factor_points;
      if (o.lora_space == LoraSpace::Merged) {
        labels.path = kMergedLoraPathTitle;
        labels.overlay = "factors";
      }
      if (o.compare_factors) {
        const ParamPath factor_line = [&](double x) {
          return ParamSet::lerp(factors1, factors2, x);
        };
        nlohmann::json factor_inputs = inputs;
        factor_inputs["lora_space"] = lora_space_name(LoraSpace::Factors);
        run_task_path(*model, task, factor_line, line_labels, out / kFactorsDir, o, factor_inputs,
                      log, dist, "factors ");
        if (dist.is_main()) factor_points = read_points(out / kFactorsDir);
      }
      run_task_path(*model, task, line, labels, out, o, inputs, log, dist,
                    o.compare_factors ? "merged " : "", factor_points);
      continue;
    }
    check_curve_end(*curve, 1, theta1, o.ckpt1.string());
    check_curve_end(*curve, 2, theta2, o.ckpt2.string());
    std::vector<ParamSet> bends;
    for (const auto& bend : curve->bends)
      bends.push_back(tuned_from(bend, tuned, o.curve.string()).to(setup.device));
    const Curve path(curve->kind, theta1, theta2, std::move(bends));
    std::vector<PointRecord> linear;
    if (o.compare_linear) {
      run_task_path(*model, task, line, line_labels, out / kLinearDir, o, inputs, log, dist,
                    "line ");
      if (dist.is_main()) linear = read_points(out / kLinearDir);
    }
    PathLabels labels = line_labels;
    labels.path = curve_title(path.kind(), static_cast<int>(path.bends().size()));
    labels.parameter = "t";
    run_task_path(
        *model, task,
        [&path](double t) {
          torch::NoGradGuard no_grad;
          return path.point(t);
        },
        labels, out, o, inputs, log, dist, "curve ", linear);
  }
  if (task_outs.size() > 1 && dist.is_main() && o.shard_count == 1)
    write_tasks_figure(o.output_dir, task_outs);
}

namespace {

// The records of the shards `dirs` of one path: InputError unless every
// shard's path.json describes the path of the first, and their points cover
// its grid exactly once.
std::vector<PointRecord> merge_path_shards(const std::vector<fs::path>& dirs) {
  const fs::path first = dirs.front() / kPathMeta;
  const auto meta = nlohmann::json::parse(read_file_bytes(first), nullptr, false);
  labels_from_meta(dirs.front());  // names a path.json that is not one
  for (std::size_t i = 1; i < dirs.size(); ++i) {
    const fs::path file = dirs[i] / kPathMeta;
    labels_from_meta(dirs[i]);
    const auto other = nlohmann::json::parse(read_file_bytes(file), nullptr, false);
    if (const std::string differ = path_differences(meta, other); !differ.empty())
      throw InputError(
          file.string(), 0,
          fmt::format("a shard of another path than {}: it differs in {}", first.string(), differ));
  }
  std::vector<PointRecord> points = merge_points(dirs);
  if (meta.contains("points") && meta["points"].is_number_integer()) {
    const std::vector<double> grid = interpolation_points(meta["points"].get<int>());
    std::vector<std::string> missing;
    std::size_t k = 0;
    for (double x : grid) {
      while (k < points.size() && points[k].x < x) ++k;
      if (k == points.size() || points[k].x != x) missing.push_back(py_float(x));
    }
    if (!missing.empty() || points.size() != grid.size())
      throw InputError(
          first.string(), 0,
          fmt::format("the shards do not cover the grid of {} points exactly: {}", grid.size(),
                      missing.empty()
                          ? "they hold points off it"
                          : "missing x = " + fmt::format("{}", fmt::join(missing, ", "))));
  }
  return points;
}

}  // namespace

void merge_interpolation(const std::vector<fs::path>& shard_dirs, const fs::path& output_dir) {
  if (shard_dirs.empty()) throw InputError("interpolate merge needs shard directories");
  // One task per shard directory, or one subdirectory per task.
  std::vector<std::string> tasks;
  if (!fs::exists(shard_dirs.front() / kPathMeta)) {
    for (const auto& entry : fs::directory_iterator(shard_dirs.front()))
      if (fs::exists(entry.path() / kPathMeta)) tasks.push_back(entry.path().filename().string());
    std::sort(tasks.begin(), tasks.end());
    if (tasks.empty())
      throw InputError(shard_dirs.front().string(), 0, "holds no interpolation output");
  } else {
    tasks.push_back("");
  }
  // Every shard is read before anything is written: bad input leaves no output.
  struct Merged {
    fs::path from, out;
    PathLabels labels;
    std::vector<PointRecord> points, linear;
  };
  std::vector<Merged> merged;
  for (const auto& task : tasks) {
    std::vector<fs::path> dirs;
    for (const auto& d : shard_dirs) dirs.push_back(task.empty() ? d : d / task);
    const fs::path out = task.empty() ? output_dir : output_dir / task;
    for (const char* held : {kPointsFile, kPathMeta})
      if (fs::exists(out / held))
        throw InputError((out / held).string(), 0,
                         "the output directory already holds results: choose another --output-dir");
    // A curve's linear comparison (--compare-linear) is merged first, to be overlaid.
    std::vector<PointRecord> linear;
    if (fs::exists(dirs.front() / kLinearDir / kPathMeta)) {
      std::vector<fs::path> linear_dirs;
      for (const auto& d : dirs) linear_dirs.push_back(d / kLinearDir);
      linear = merge_path_shards(linear_dirs);
      merged.push_back({linear_dirs.front(),
                        out / kLinearDir,
                        labels_from_meta(linear_dirs.front()),
                        linear,
                        {}});
    }
    merged.push_back(
        {dirs.front(), out, labels_from_meta(dirs.front()), merge_path_shards(dirs), linear});
  }
  for (const auto& m : merged) {
    fs::create_directories(m.out);
    fs::copy_file(m.from / kPathMeta, m.out / kPathMeta, fs::copy_options::overwrite_existing);
    write_path_outputs(m.out, m.points, m.labels, m.linear);
    EventFileWriter tensorboard(m.out / kTensorBoardDir);
    write_path_scalars(tensorboard, m.points, m.labels);
  }
  if (tasks.size() > 1) {
    std::vector<fs::path> task_outs;
    for (const auto& task : tasks) task_outs.push_back(output_dir / task);
    write_tasks_figure(output_dir, task_outs);
  }
}

}  // namespace mcplm
