#include "mcplm/bench/interpolate_bench.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <chrono>

#include "mcplm/core/device.h"
#include "mcplm/core/error.h"
#include "mcplm/core/memory_usage.h"
#include "mcplm/core/runtime.h"
#include "mcplm/data/batch.h"
#include "mcplm/model/greedy.h"
#include "mcplm/bench/original_style.h"
#include "mcplm/model/t5_task_model.h"
#include "mcplm/bench/model_bench.h"

namespace mcplm {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// θ1 (a copy of the tuned parameters) and θ2 = θ1 + N(0, 0.01²) noise.
std::pair<ParamSet, ParamSet> endpoints(TaskModel& model, uint64_t seed) {
  torch::NoGradGuard no_grad;
  torch::manual_seed(seed);
  ParamSet theta1, theta2;
  for (const auto& [name, p] : model.tuned_parameters()) {
    theta1.set(name, p.detach().clone());
    theta2.set(name, p.detach() + 0.01 * torch::randn_like(p));
  }
  return {theta1, theta2};
}

// The original's evaluation of the whole split in file order: mean batch loss,
// and the share of rows whose generated tokens equal mcplm's greedy_decode().
std::pair<double, double> evaluate_split_original_style(
    T5ForConditionalGeneration& t5, const EncodedSplit& split, const EvalOptions& eval,
    int64_t max_input_length, int64_t max_length, const c10::Device& device, double& seconds) {
  torch::NoGradGuard no_grad;
  t5.eval();
  double loss_sum = 0, same = 0;
  const auto plan = plan_eval_batches(split, eval.batch_size, /*sort_by_length=*/false);
  for (const auto& examples : plan) {
    const Batch b = make_batch(split, examples).to(device);
    const auto start = Clock::now();
    OriginalStyleOutput out =
        evaluate_original_style(t5, b.input_ids, b.attention_mask, b.labels,
                                b.decoder_attention_mask, max_input_length, max_length);
    synchronize_device(device);
    seconds += seconds_since(start);
    loss_sum += out.loss;
    torch::Tensor ours =
        greedy_decode(t5, t5.encode(b.input_ids, b.attention_mask), b.attention_mask, max_length);
    if (ours.sizes() == out.generated.sizes())
      same += ours.eq(out.generated).all(1).sum().item<double>();
  }
  return {loss_sum / static_cast<double>(std::max<std::size_t>(1, plan.size())),
          same / static_cast<double>(std::max<std::size_t>(1, split.size()))};
}

}  // namespace

InterpolateBenchResult run_interpolate_bench(const InterpolateBenchOptions& o) {
  if (o.points < 1) throw InputError("--points must be at least 1");
  if (o.role != "dev" && o.role != "test") throw InputError("--split must be dev or test");
  if (read_model_family(o.setup.model_dir) != ModelFamily::T5)
    throw InputError(o.setup.model_dir.string(), 0, "bench interpolate needs a T5 model");
  InterpolateBenchResult r;
  r.threads = blas_threads();
  r.probe_gflops = matmul_probe_gflops(o.setup.device);

  Task task = load_task(o.task_dir);
  TaskFile file = o.role == "dev" ? task.dev : task.test;
  if (o.limit > 0) file = first_lines(file, o.limit);
  ModelSetup setup = o.setup;
  setup.method = TuningMethod::Model;
  auto model = load_task_model(setup, task);
  const EncodedSplit split = model->encode(file);
  r.task = task.name;
  r.role = o.role;
  r.metric = metric_name(task.metric);
  r.examples = split.size();
  for (const auto& input : split.inputs) r.input_tokens += static_cast<int64_t>(input.size());

  auto [theta1, theta2] = endpoints(*model, o.seed);
  for (int k = 0; k < o.points; ++k) {
    const double x = o.points == 1 ? 0.0 : static_cast<double>(k) / (o.points - 1);
    const auto start = Clock::now();
    model->assign(ParamSet::lerp(theta1, theta2, x), "interpolated parameters");
    SplitResult result =
        evaluate_split(*model, split, file, task.metric, o.eval, task.train_labels);
    r.points.push_back(
        {x, seconds_since(start), result.eval.loss, result.eval.performance, resident_bytes()});
  }

  if (o.compare_original) {
    auto& t5 = dynamic_cast<T5TaskModel&>(*model).t5();
    model->assign(theta1, "first endpoint");
    const int64_t max_length = setup.generate_max_length > 0
                                   ? setup.generate_max_length
                                   : static_cast<int64_t>(setup.t5.max_output_length);
    std::tie(r.original_loss, r.original_agreement) = evaluate_split_original_style(
        t5, split, o.eval, static_cast<int64_t>(setup.t5.max_input_length), max_length,
        setup.device, r.original_seconds);
  }
  return r;
}

std::string format_interpolate_bench(const InterpolateBenchResult& r) {
  std::string text = fmt::format(
      "{} {}: {} examples, {} input tokens; {} BLAS threads; matmul probe {:.1f} GFLOP/s\n", r.task,
      r.role, r.examples, r.input_tokens, r.threads, r.probe_gflops);
  text += fmt::format("{:>8} {:>10} {:>12} {:>10} {:>10} {:>10}\n", "x", "seconds", "examples/s",
                      "loss", r.metric, "RSS MiB");
  for (const auto& p : r.points)
    text += fmt::format("{:>8.3f} {:>10.2f} {:>12.1f} {:>10.4f} {:>10.4f} {:>10.0f}\n", p.x,
                        p.seconds, static_cast<double>(r.examples) / p.seconds, p.loss,
                        p.performance, p.resident_bytes / 1048576.0);
  if (r.original_seconds > 0 && !r.points.empty()) {
    const double ours = r.points.front().seconds;
    text += fmt::format(
        "original-style evaluation (x = 0): {:.2f} s, loss {:.4f}, same greedy tokens on {:.1f}% "
        "of rows\noriginal-style / mcplm time per point: {:.2f}x\n",
        r.original_seconds, r.original_loss, 100 * r.original_agreement, r.original_seconds / ours);
  }
  return text;
}

}  // namespace mcplm
