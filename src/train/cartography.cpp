#include "mcplm/core/precision.h"
#include "mcplm/model/module_params.h"
#include "mcplm/train/cartography.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/data/batch.h"
#include "mcplm/data/metric_functions.h"
#include "mcplm/io/atomic_file.h"

namespace mcplm {

namespace fs = std::filesystem;

CartographyEpoch score_cartography_epoch(TaskModel& model, const EncodedSplit& train,
                                         const Task& task, const EvalOptions& eval) {
  const std::vector<std::string>& labels = task.train_labels;
  if (labels.empty() || labels.size() > 64)
    throw InputError(
        task.train.path.string(), 0,
        fmt::format("cartography needs a classification task ({} distinct labels)", labels.size()));
  torch::nn::Module& module = model.module();
  const bool was_training = module.is_training();
  module.eval();
  PrecisionScope precision(model.precision(), module_device(module));
  CartographyEpoch out;
  for (const auto& examples : plan_eval_batches(train, eval.batch_size, /*sort_by_length=*/false)) {
    Batch batch = make_batch(train, examples);
    BatchEvaluation predicted = model.evaluate(batch);
    torch::Tensor probs = model.label_probabilities(batch, labels).to(torch::kFloat64);  // [B, K]
    for (std::size_t row = 0; row < examples.size(); ++row) {
      const Example& example = task.train.examples[examples[row]];
      bool correct = false;
      for (const auto& answer : example.answers)
        correct = correct || accuracy_match(predicted.predictions[row], answer);
      out.correct.push_back(correct ? 1.0 : 0.0);
      auto gold = std::find(labels.begin(), labels.end(), example.answers.front());
      out.confidence.push_back(
          probs[static_cast<int64_t>(row)][gold - labels.begin()].item<double>());
    }
  }
  module.train(was_training);
  return out;
}

void record_cartography_epoch(const fs::path& file, int64_t epoch, const CartographyEpoch& scores) {
  nlohmann::ordered_json all = nlohmann::ordered_json::object();
  if (epoch > 0 && fs::exists(file)) {
    all = nlohmann::ordered_json::parse(read_file_bytes(file), nullptr, false);
    if (all.is_discarded() || !all.is_object())
      throw InputError(file.string(), 0, "not a cartography file");
  }
  for (std::size_t i = 0; i < scores.correct.size(); ++i) {
    auto& entry = all[std::to_string(i)];
    for (const char* key : {"acc", "confidence"}) {
      auto& list = entry[key];
      if (!list.is_array()) list = nlohmann::ordered_json::array();
      while (static_cast<int64_t>(list.size()) > epoch) list.erase(list.size() - 1);
      while (static_cast<int64_t>(list.size()) < epoch) list.push_back(nullptr);
    }
    entry["acc"].push_back(scores.correct[i]);
    entry["confidence"].push_back(scores.confidence[i]);
  }
  write_text_atomically(file, all.dump());
}

}  // namespace mcplm
