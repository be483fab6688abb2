#include "mcplm/model/roberta_task_model.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/method.h"

namespace mcplm {

RobertaTaskModel::RobertaTaskModel(RobertaForSequenceClassification model,
                                   std::unique_ptr<Tokenizer> tokenizer, const ModelSetup& setup,
                                   LabelSpace labels, std::string load_message)
    : model_(std::move(model)),
      tokenizer_(std::move(tokenizer)),
      setup_(setup),
      labels_(std::move(labels)),
      load_message_(std::move(load_message)) {}

EncodedSplit RobertaTaskModel::encode(const TaskFile& file) const {
  const RobertaConfig& config = model_->config();
  // Positions run from pad + 1 to pad + T: T may not exceed this.
  const auto positions =
      static_cast<std::size_t>(config.max_position_embeddings - config.pad_token_id - 1);
  return encode_roberta(file, labels_, *tokenizer_, std::min(setup_.roberta_max_length, positions));
}

torch::Tensor RobertaTaskModel::loss(const Batch& cpu_batch) {
  const Batch batch = cpu_batch.to(setup_.device);
  return model_->forward(batch.input_ids, batch.attention_mask, {}, batch.labels).loss;
}

BatchEvaluation RobertaTaskModel::evaluate(const Batch& cpu_batch) {
  torch::InferenceMode inference;
  const Batch batch = cpu_batch.to(setup_.device);
  SequenceClassifierOutput out =
      model_->forward(batch.input_ids, batch.attention_mask, {}, batch.labels);
  BatchEvaluation result;
  result.loss = out.loss.item<double>();
  torch::Tensor logits = out.logits.to(torch::kCPU);  // [B, n]
  if (labels_.regression) {
    torch::Tensor values = logits.select(1, 0).contiguous();  // [B]
    for (int64_t row = 0; row < values.size(0); ++row)
      result.predictions.push_back(fmt::format("{}", values[row].item<float>()));
  } else {
    torch::Tensor best = logits.argmax(1).contiguous();  // [B]
    for (int64_t row = 0; row < best.size(0); ++row)
      result.predictions.push_back(labels_.labels.at(best[row].item<int64_t>()));
  }
  return result;
}

torch::Tensor RobertaTaskModel::label_probabilities(const Batch& cpu_batch,
                                                    const std::vector<std::string>& labels) {
  if (labels_.regression)
    throw InputError("label probabilities need a classification task (this one is regression)");
  std::vector<int64_t> columns;
  for (const auto& label : labels) {
    const int64_t id = labels_.class_id(label);
    if (id < 0) throw InputError("label '" + label + "' is not one of the model's classes");
    columns.push_back(id);
  }
  torch::InferenceMode inference;
  const Batch batch = cpu_batch.to(setup_.device);
  torch::Tensor logits =
      model_->forward(batch.input_ids, batch.attention_mask).logits.to(torch::kCPU);    // [B, n]
  torch::Tensor probs = torch::softmax(logits.to(torch::kFloat64), 1);                  // [B, n]
  torch::Tensor picked = probs.index_select(1, torch::tensor(columns, torch::kInt64));  // [B, K]
  return picked / picked.sum(1, /*keepdim=*/true);
}

ParamSet RobertaTaskModel::tuned_parameters() {
  return module_params(*model_).select(tuned_by(ModelFamily::Roberta, setup_.method));
}

void RobertaTaskModel::assign(const ParamSet& values, const std::string& source) {
  assign_params(*model_, values, source);
}

}  // namespace mcplm
