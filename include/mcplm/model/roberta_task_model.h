// RoBERTa as a TaskModel: sequence classification over the task's label set
// (cross-entropy) or regression for Pearson tasks (MSE); predictions are label
// strings, or the predicted value as text.
#pragma once
#include <memory>
#include <string>

#include "mcplm/model/model_setup.h"
#include "mcplm/model/roberta_classifier.h"
#include "mcplm/text/tokenizer.h"

namespace mcplm {

class RobertaTaskModel : public TaskModel {
 public:
  // `model` has labels.num_outputs() outputs; class i is labels.labels[i].
  RobertaTaskModel(RobertaForSequenceClassification model, std::unique_ptr<Tokenizer> tokenizer,
                   const ModelSetup& setup, LabelSpace labels, std::string load_message = "");

  torch::nn::Module& module() override { return *model_; }
  const Tokenizer& tokenizer() const override { return *tokenizer_; }
  ModelFamily family() const override { return ModelFamily::Roberta; }
  Precision precision() const override { return setup_.precision; }
  std::string load_message() const override { return load_message_; }
  // encode_roberta with setup.roberta_max_length, capped by the position table.
  EncodedSplit encode(const TaskFile& file) const override;

  torch::Tensor loss(const Batch& batch) override;
  BatchEvaluation evaluate(const Batch& batch) override;
  // The classifier's softmax, columns picked by label name and renormalised
  // over `labels`; InputError for a regression task or an unknown label.
  torch::Tensor label_probabilities(const Batch& batch,
                                    const std::vector<std::string>& labels) override;

  ParamSet tuned_parameters() override;
  void assign(const ParamSet& values, const std::string& source) override;

  RobertaForSequenceClassificationImpl& roberta() { return *model_; }

 private:
  RobertaForSequenceClassification model_;
  std::unique_ptr<Tokenizer> tokenizer_;
  ModelSetup setup_;
  LabelSpace labels_;
  std::string load_message_;
};

}  // namespace mcplm
