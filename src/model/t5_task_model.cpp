#include "mcplm/model/t5_task_model.h"

#include <torch/torch.h>

#include "mcplm/data/t5_format.h"
#include "mcplm/model/greedy.h"
#include "mcplm/model/module_params.h"

namespace mcplm {

T5TaskModel::T5TaskModel(std::shared_ptr<T5ForConditionalGeneration> model,
                         std::unique_ptr<Tokenizer> tokenizer, const ModelSetup& setup,
                         std::string task)
    : model_(std::move(model)),
      tokenizer_(std::move(tokenizer)),
      setup_(setup),
      task_(std::move(task)) {}

EncodedSplit T5TaskModel::encode(const TaskFile& file) const {
  return encode_t5(task_, file, *tokenizer_, setup_.t5);
}

torch::Tensor T5TaskModel::loss(const Batch& cpu_batch) {
  const Batch batch = cpu_batch.to(setup_.device);
  torch::Tensor states = model_->encode(batch.input_ids, batch.attention_mask);  // [B, S, D]
  return model_
      ->decode_labels(states, batch.attention_mask, batch.labels, batch.decoder_attention_mask)
      .loss;
}

double T5TaskModel::teacher_forced_loss(const Batch& batch, const torch::Tensor& states) {
  return model_
      ->decode_labels(states, batch.attention_mask, batch.labels, batch.decoder_attention_mask)
      .loss.item<double>();
}

BatchEvaluation T5TaskModel::evaluate(const Batch& cpu_batch) {
  torch::InferenceMode inference;
  const Batch batch = cpu_batch.to(setup_.device);
  torch::Tensor states = model_->encode(batch.input_ids, batch.attention_mask);  // [B, S, D]
  BatchEvaluation out;
  out.loss = teacher_forced_loss(batch, states);
  const int64_t max_length = setup_.generate_max_length > 0
                                 ? setup_.generate_max_length
                                 : static_cast<int64_t>(setup_.t5.max_output_length);
  torch::Tensor generated =
      greedy_decode(*model_, states, batch.attention_mask, max_length).to(torch::kCPU);  // [B, L]
  for (int64_t row = 0; row < generated.size(0); ++row) {
    const int64_t* ids = generated[row].data_ptr<int64_t>();
    std::string text = tokenizer_->decode(std::vector<int64_t>(ids, ids + generated.size(1)));
    const auto first = text.find_first_not_of(" \t\n\r\f\v");
    const auto last = text.find_last_not_of(" \t\n\r\f\v");
    out.predictions.push_back(first == std::string::npos ? ""
                                                         : text.substr(first, last - first + 1));
  }
  return out;
}

torch::Tensor T5TaskModel::label_log_likelihoods(const torch::Tensor& states,
                                                 const torch::Tensor& mask,
                                                 const std::vector<std::string>& labels) {
  const int64_t rows = states.size(0), k = static_cast<int64_t>(labels.size());
  std::vector<std::vector<int64_t>> targets;
  std::size_t width = 0;
  for (const auto& label : labels) {
    targets.push_back(
        tokenizer_->encode(t5_target_text(label, setup_.t5.format), setup_.t5.max_output_length));
    width = std::max(width, targets.back().size());
  }
  torch::Tensor label_ids = torch::full({k, static_cast<int64_t>(width)}, -100, torch::kInt64);
  auto ids = label_ids.accessor<int64_t, 2>();
  for (int64_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < targets[i].size(); ++j) ids[i][j] = targets[i][j];
  label_ids = label_ids.to(states.device());  // [K, L]
  // Every row against every label: [B*K, ...], row-major in (row, label).
  torch::Tensor states_k = states.repeat_interleave(k, 0);           // [B*K, S, D]
  torch::Tensor mask_k = mask.repeat_interleave(k, 0);               // [B*K, S]
  torch::Tensor labels_k = label_ids.repeat({rows, 1});              // [B*K, L]
  torch::Tensor decoder_mask = labels_k.ne(-100).to(torch::kInt64);  // [B*K, L]
  torch::Tensor token_loss =
      model_->decode_labels(states_k, mask_k, labels_k, decoder_mask).token_loss;  // [B*K, L]
  return -token_loss.sum(1).view({rows, k});                                       // [B, K]
}

BatchEvaluation T5TaskModel::evaluate_labels(const Batch& cpu_batch,
                                             const std::vector<std::string>& labels) {
  torch::InferenceMode inference;
  const Batch batch = cpu_batch.to(setup_.device);
  torch::Tensor states = model_->encode(batch.input_ids, batch.attention_mask);  // [B, S, D]
  BatchEvaluation out;
  out.loss = teacher_forced_loss(batch, states);
  torch::Tensor best =
      label_log_likelihoods(states, batch.attention_mask, labels).argmax(1).to(torch::kCPU);  // [B]
  const int64_t* index = best.data_ptr<int64_t>();
  for (int64_t row = 0; row < best.size(0); ++row) out.predictions.push_back(labels[index[row]]);
  return out;
}

torch::Tensor T5TaskModel::label_probabilities(const Batch& cpu_batch,
                                               const std::vector<std::string>& labels) {
  torch::InferenceMode inference;
  const Batch batch = cpu_batch.to(setup_.device);
  torch::Tensor states = model_->encode(batch.input_ids, batch.attention_mask);  // [B, S, D]
  torch::Tensor log_likelihood = label_log_likelihoods(states, batch.attention_mask, labels);
  return torch::softmax(log_likelihood.to(torch::kCPU, torch::kFloat64), 1);  // [B, K]
}

ParamSet T5TaskModel::tuned_parameters() {
  return module_params(*model_).select(tuned_by(ModelFamily::T5, setup_.method));
}

void T5TaskModel::assign(const ParamSet& values, const std::string& source) {
  assign_params(*model_, values, source);
}

}  // namespace mcplm
