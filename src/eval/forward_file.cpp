#include "mcplm/eval/forward_file.h"

#include <torch/torch.h>

#include "mcplm/config/model_family.h"
#include "mcplm/core/device.h"
#include "mcplm/core/error.h"
#include "mcplm/io/load_params.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/greedy.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/peft_lora.h"
#include "mcplm/model/roberta_forward.h"
#include "mcplm/model/t5_load.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

// `name` as int64 [B, T]; InputError unless it is an integer matrix of `shape` (when given)
// whose values lie in [low, high) or equal `also`.
torch::Tensor id_matrix(const ParamSet& inputs, const std::string& name, const std::string& source,
                        int64_t low, int64_t high, int64_t also, c10::IntArrayRef shape = {}) {
  const auto& tensor = inputs.at(name);
  if (tensor.dim() != 2 || torch::isFloatingType(tensor.scalar_type()) ||
      tensor.scalar_type() == torch::kBool)
    throw InputError(source, 0, name + " must be an integer matrix [batch, length]");
  if (tensor.numel() == 0) throw InputError(source, 0, name + " is empty");
  if (!shape.empty() && tensor.sizes() != shape)
    throw InputError(source, 0, name + " has a different shape from the tensor it goes with");
  auto ids = tensor.to(torch::kLong);
  auto bad = ((ids < low) | (ids >= high)) & (ids != also);
  if (bad.any().item<bool>())
    throw InputError(
        source, 0,
        name + " holds values outside [" + std::to_string(low) + ", " + std::to_string(high) + ")");
  return ids;
}

}  // namespace

ParamSet t5_forward_outputs(T5ForConditionalGeneration& model, const ParamSet& inputs,
                            const std::string& source, int64_t generate_max_length) {
  if (!inputs.contains("input_ids")) throw InputError(source, 0, "no input_ids tensor");
  const int64_t vocab = model.config().vocab_size;
  const c10::Device device = module_device(model);
  auto input_ids = id_matrix(inputs, "input_ids", source, 0, vocab, 0);
  auto attention_mask =
      inputs.contains("attention_mask")
          ? id_matrix(inputs, "attention_mask", source, 0, 2, 0, input_ids.sizes())
          : torch::ones_like(input_ids);
  input_ids = input_ids.to(device);            // [B, S]
  attention_mask = attention_mask.to(device);  // [B, S]

  torch::NoGradGuard no_grad;
  model.eval();
  ParamSet outputs;
  auto encoder_states = model.encode(input_ids, attention_mask);
  if (inputs.contains("labels")) {
    auto labels = id_matrix(inputs, "labels", source, 0, vocab, -100);
    if (labels.size(0) != input_ids.size(0))
      throw InputError(source, 0, "labels and input_ids have different batch sizes");
    torch::Tensor decoder_mask;
    if (inputs.contains("decoder_attention_mask"))
      decoder_mask = id_matrix(inputs, "decoder_attention_mask", source, 0, 2, 0, labels.sizes())
                         .to(device);  // [B, T]
    auto out = model.decode_labels(encoder_states, attention_mask, labels.to(device), decoder_mask);
    outputs.set("logits", out.logits);
    outputs.set("loss", out.loss.reshape({1}));
    outputs.set("token_loss", out.token_loss);
  }
  outputs.set("encoder_last_hidden_state", encoder_states);
  if (generate_max_length > 0)
    outputs.set("generated",
                greedy_decode(model, encoder_states, attention_mask, generate_max_length));
  return outputs;
}

std::string run_forward_file(const ForwardFileOptions& options) {
  require_device(options.device);
  const ModelFamily family = read_model_family(options.model_dir);
  const auto inputs = read_safetensors(options.inputs).tensors;
  ParamSet outputs;
  std::string note;
  if (family == ModelFamily::T5) {
    auto model = options.adapters.empty()
                     ? load_t5(options.model_dir)
                     : load_t5_with_adapters(options.model_dir, options.adapters, options.lora);
    model->to(options.device);
    outputs =
        t5_forward_outputs(*model, inputs, options.inputs.string(), options.generate_max_length);
  } else {
    if (options.generate_max_length > 0)
      throw InputError("--generate-max-length needs a T5 model (RoBERTa classifies)");
    LoadedRoberta loaded =
        options.adapters.empty()
            ? load_roberta_classifier(options.model_dir)
            : load_roberta_with_tuned(options.model_dir,
                                      load_tuned_params(options.adapters, "adapter"),
                                      options.adapters.string(), options.lora);
    loaded.model->to(options.device);
    outputs = roberta_forward_tensors(*loaded.model, inputs, options.inputs.string());
    note = loaded.report.message();
  }
  Metadata metadata{{"model", options.model_dir.string()},
                    {"reference", "mcplm forward, eval mode"}};
  if (!options.adapters.empty()) metadata["adapters"] = options.adapters.string();
  write_safetensors(options.output, outputs, metadata);
  return note;
}

}  // namespace mcplm
