#include "mcplm/model/roberta_forward.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/model/module_params.h"

namespace mcplm {

namespace {

std::string shape(const torch::Tensor& t) {
  return fmt::format("[{}]", fmt::join(t.sizes().vec(), ", "));
}

// Integer tensor `name`, shaped like `like` (when defined), values in [lo, hi).
torch::Tensor integer_input(const ParamSet& inputs, const std::string& name,
                            const torch::Tensor& like, int64_t lo, int64_t hi,
                            const std::string& label) {
  const torch::Tensor& t = inputs.at(name);
  if (!at::isIntegralType(t.scalar_type(), /*includeBool=*/false))
    throw InputError(label, 0, name + " must hold integers");
  if (like.defined() ? t.sizes() != like.sizes() : t.dim() != 2)
    throw InputError(label, 0,
                     fmt::format("{} has shape {}, expected {}", name, shape(t),
                                 like.defined() ? shape(like) : std::string("[batch, length]")));
  if (t.numel() > 0 && (t.min().item<int64_t>() < lo || t.max().item<int64_t>() >= hi))
    throw InputError(label, 0, fmt::format("{} holds values outside [{}, {})", name, lo, hi));
  return t.to(torch::kLong);
}

}  // namespace

ParamSet roberta_forward_tensors(RobertaForSequenceClassificationImpl& model,
                                 const ParamSet& inputs, const std::string& label) {
  for (const auto& name : inputs.names())
    if (name != "input_ids" && name != "attention_mask" && name != "token_type_ids" &&
        name != "labels")
      throw InputError(label, 0,
                       "unexpected input tensor '" + name +
                           "' (input_ids, attention_mask, token_type_ids, labels)");
  if (!inputs.contains("input_ids")) throw InputError(label, 0, "no input_ids tensor");
  const RobertaConfig& config = model.config();
  torch::Tensor ids = integer_input(inputs, "input_ids", {}, 0, config.vocab_size, label);
  // Positions run up to pad + 1 + T - 1; they must stay inside the table.
  const int64_t max_length = config.max_position_embeddings - config.pad_token_id - 1;
  if (ids.size(1) > max_length)
    throw InputError(
        label, 0,
        fmt::format("input_ids length {} exceeds the model's maximum {}", ids.size(1), max_length));
  torch::Tensor mask = inputs.contains("attention_mask")
                           ? integer_input(inputs, "attention_mask", ids, 0, 2, label)
                           : torch::ones_like(ids);
  torch::Tensor types =
      inputs.contains("token_type_ids")
          ? integer_input(inputs, "token_type_ids", ids, 0, config.type_vocab_size, label)
          : torch::Tensor();
  torch::Tensor labels;
  if (inputs.contains("labels")) {
    labels = inputs.at("labels");
    if (labels.dim() == 0 || labels.size(0) != ids.size(0))
      throw InputError(label, 0, "labels must have one row per input row");
    if (!config.is_regression() && config.problem_type != "multi_label_classification") {
      labels = integer_input(inputs, "labels", labels, -100, config.num_labels, label);
      torch::Tensor valid = labels.eq(-100).logical_or(labels.ge(0));
      if (!valid.all().item<bool>()) throw InputError(label, 0, "labels must be class ids or -100");
    }
  }

  model.eval();
  torch::NoGradGuard no_grad;
  const c10::Device device = module_device(model);
  auto on_device = [&](const torch::Tensor& t) { return t.defined() ? t.to(device) : t; };
  SequenceClassifierOutput out =
      model.forward(on_device(ids), on_device(mask), on_device(types), on_device(labels));
  ParamSet outputs;
  outputs.set("logits", out.logits.contiguous());
  if (out.loss.defined()) outputs.set("loss", out.loss.reshape({1}));
  outputs.set("last_hidden_state", out.last_hidden_state.contiguous());
  return outputs;
}

RobertaForwardResult roberta_forward_tensors(const std::filesystem::path& model_dir,
                                             const ParamSet& inputs, const std::string& label) {
  LoadedRoberta loaded = load_roberta_classifier(model_dir);
  RobertaForwardResult result;
  result.outputs = roberta_forward_tensors(*loaded.model, inputs, label);
  result.report = std::move(loaded.report);
  return result;
}

}  // namespace mcplm
