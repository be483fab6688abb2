// The `forward` tool for RoBERTa: one batch through a model directory in
// eval mode, tensors in and out by name (as in fixtures/roberta_forward).
#pragma once
#include <filesystem>

#include "mcplm/core/param_set.h"
#include "mcplm/model/roberta_classifier.h"
#include "mcplm/model/roberta_load.h"

namespace mcplm {

struct RobertaForwardResult {
  ParamSet outputs;  // logits [B, n], last_hidden_state [B, T, d], loss [1] with labels
  RobertaLoadReport report;
};

// Inputs: input_ids [B, T] (integer), attention_mask [B, T] (optional: all
// ones), token_type_ids [B, T] (optional), labels [B] (optional). Names or
// values the model cannot take give an InputError naming `inputs_label`. The
// inputs go to the model's device; the outputs stay there.
ParamSet roberta_forward_tensors(RobertaForSequenceClassificationImpl& model,
                                 const ParamSet& inputs, const std::string& inputs_label);

// Loads `model_dir` (a fresh head is drawn, and reported, when it has none).
RobertaForwardResult roberta_forward_tensors(const std::filesystem::path& model_dir,
                                             const ParamSet& inputs,
                                             const std::string& inputs_label);

}  // namespace mcplm
