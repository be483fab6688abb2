// TaskModel hides the model family (T5 text-to-text, RoBERTa classification)
// from the trainer, the evaluator, cartography and interpolation: they ask for
// losses, predictions as strings, label probabilities and the tuned
// parameters, never which family they hold.
#pragma once
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

#include "mcplm/config/model_family.h"
#include "mcplm/core/param_set.h"
#include "mcplm/core/precision.h"
#include "mcplm/data/batch.h"
#include "mcplm/data/encoded_split.h"
#include "mcplm/data/task.h"

namespace torch::nn {
class Module;
}

namespace mcplm {

class Tokenizer;

struct BatchEvaluation {
  double loss = 0;                       // the batch's mean loss
  std::vector<std::string> predictions;  // [B] stripped text (T5) or label (RoBERTa)
};

class TaskModel {
 public:
  virtual ~TaskModel() = default;

  virtual torch::nn::Module& module() = 0;
  virtual const Tokenizer& tokenizer() const = 0;
  virtual ModelFamily family() const = 0;
  // The precision its losses and evaluations run at (callers hold a
  // PrecisionScope around them; the weights stay as they are).
  virtual Precision precision() const = 0;
  // What loading initialised afresh (e.g. a RoBERTa classification head), for
  // the user; "" when nothing.
  virtual std::string load_message() const { return ""; }

  // The token ids of one task file as this model reads it.
  virtual EncodedSplit encode(const TaskFile& file) const = 0;

  // Batches may be built on the CPU: each method moves them to the model's
  // device (ModelSetup::device).

  // Mean loss of a training batch, with autograd (mode set by the caller).
  virtual torch::Tensor loss(const Batch& batch) = 0;
  // Loss and predictions of an evaluation batch, one encoder pass, no autograd.
  virtual BatchEvaluation evaluate(const Batch& batch) = 0;
  // Like evaluate(), but each prediction is the likeliest of `labels` (T5:
  // each label's target sequence scored teacher-forced). Models that classify
  // anyway (RoBERTa) evaluate() as usual.
  virtual BatchEvaluation evaluate_labels(const Batch& batch,
                                          const std::vector<std::string>& labels) {
    (void)labels;
    return evaluate(batch);
  }
  // For each row, the probability of each label text normalised over
  // `labels` (T5: teacher-forced likelihood of each label's whole target
  // sequence; RoBERTa: the classifier's softmax). [B, K] float64, on the CPU
  virtual torch::Tensor label_probabilities(const Batch& batch,
                                            const std::vector<std::string>& labels) = 0;

  // The parameters the tuning method trains, saves and interpolates; they
  // share storage with the model.
  virtual ParamSet tuned_parameters() = 0;
  // Copies `values` into the same-named parameters in place. InputError
  // naming `source` on unknown names or shapes.
  virtual void assign(const ParamSet& values, const std::string& source) = 0;
};

}  // namespace mcplm
