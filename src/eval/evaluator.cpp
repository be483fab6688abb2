#include "mcplm/eval/evaluator.h"

#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/core/precision.h"
#include "mcplm/data/batch.h"
#include "mcplm/model/module_params.h"
#include "mcplm/report/progress.h"

namespace mcplm {

DecodeMode parse_decode_mode(const std::string& name) {
  if (name == "greedy") return DecodeMode::greedy;
  if (name == "labels") return DecodeMode::labels;
  throw InputError("--decode must be greedy or labels (got '" + name + "')");
}

const char* decode_mode_name(DecodeMode mode) {
  return mode == DecodeMode::labels ? "labels" : "greedy";
}

SplitResult evaluate_split(TaskModel& model, const EncodedSplit& split, const TaskFile& file,
                           Metric metric, const EvalOptions& options,
                           const std::vector<std::string>& labels) {
  const bool by_labels = options.decode == DecodeMode::labels;
  if (by_labels && labels.empty())
    throw InputError(file.path.string(), 0, "--decode labels needs the task's labels");
  torch::nn::Module& module = model.module();
  const bool was_training = module.is_training();
  module.eval();
  PrecisionScope precision(model.precision(), module_device(module));
  const auto plan = plan_eval_batches(split, options.batch_size, options.sort_by_length);
  std::vector<std::string> predictions_in_plan;
  double loss_sum = 0;
  Progress progress("evaluating " + file.path.filename().string(),
                    static_cast<int64_t>(plan.size()), options.quiet, 0,
                    Progress::Style::Transient);
  for (std::size_t b = 0; b < plan.size(); ++b) {
    const Batch batch = make_batch(split, plan[b]);
    BatchEvaluation result =
        by_labels ? model.evaluate_labels(batch, labels) : model.evaluate(batch);
    loss_sum += result.loss;
    for (auto& p : result.predictions) predictions_in_plan.push_back(std::move(p));
    progress.update(static_cast<int64_t>(b + 1), "batches");
  }
  progress.finish();
  module.train(was_training);

  SplitResult out;
  out.predictions = in_example_order(plan, predictions_in_plan);
  std::vector<std::vector<std::string>> answers;
  answers.reserve(file.examples.size());
  for (const auto& example : file.examples) answers.push_back(example.answers);
  MetricResult scored = evaluate_metric(metric, out.predictions, answers);
  out.eval.performance = scored.value;
  out.eval.scores = std::move(scored.per_example);
  out.eval.loss = plan.empty() ? 0.0 : loss_sum / static_cast<double>(plan.size());
  return out;
}

}  // namespace mcplm
