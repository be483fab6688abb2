// T5 as a TaskModel: text-to-text loss, greedy predictions decoded to text,
// label probabilities from teacher-forced likelihoods of whole label sequences.
#pragma once
#include <memory>

#include "mcplm/model/model_setup.h"
#include "mcplm/model/t5.h"
#include "mcplm/text/tokenizer.h"

namespace mcplm {

class T5TaskModel : public TaskModel {
 public:
  T5TaskModel(std::shared_ptr<T5ForConditionalGeneration> model,
              std::unique_ptr<Tokenizer> tokenizer, const ModelSetup& setup, std::string task);

  torch::nn::Module& module() override { return *model_; }
  const Tokenizer& tokenizer() const override { return *tokenizer_; }
  ModelFamily family() const override { return ModelFamily::T5; }
  Precision precision() const override { return setup_.precision; }
  EncodedSplit encode(const TaskFile& file) const override;

  torch::Tensor loss(const Batch& batch) override;
  BatchEvaluation evaluate(const Batch& batch) override;
  BatchEvaluation evaluate_labels(const Batch& batch,
                                  const std::vector<std::string>& labels) override;
  torch::Tensor label_probabilities(const Batch& batch,
                                    const std::vector<std::string>& labels) override;

  ParamSet tuned_parameters() override;
  void assign(const ParamSet& values, const std::string& source) override;

  T5ForConditionalGeneration& t5() { return *model_; }

 private:
  // Mean token loss of the batch's labels, teacher-forced over the encoder
  // states [B, S, D] (the original's dev loss).
  double teacher_forced_loss(const Batch& batch, const torch::Tensor& states);
  // Log-likelihood of each label's whole target sequence for each row,
  // teacher-forced over the encoder states [B, S, D]. -> [B, K]
  torch::Tensor label_log_likelihoods(const torch::Tensor& states, const torch::Tensor& mask,
                                      const std::vector<std::string>& labels);

  std::shared_ptr<T5ForConditionalGeneration> model_;
  std::unique_ptr<Tokenizer> tokenizer_;
  ModelSetup setup_;
  std::string task_;
};

}  // namespace mcplm
