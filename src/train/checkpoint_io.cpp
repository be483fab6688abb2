#include "mcplm/train/checkpoint_io.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/io/model_fingerprint.h"
#include "mcplm/model/lora.h"
#include "mcplm/model/peft_lora.h"
#include "mcplm/model/roberta_load.h"
#include "mcplm/model/t5_load.h"

namespace mcplm {

namespace fs = std::filesystem;

LoadedParams load_checkpoint_params(const fs::path& path, TuningMethod method) {
  return load_tuned_params(path, tuning_method_name(method));
}

TuningMethod detect_method(const LoadedParams& checkpoint) {
  auto it = checkpoint.metadata.find("method");
  if (it != checkpoint.metadata.end()) return parse_tuning_method(it->second);
  // Adapter runs also save what trains beside the adapters (RoBERTa: the
  // LayerNorms and the head); a full model has no adapter tensors.
  for (const auto& [name, tensor] : checkpoint.params)
    if (name.find("adapter") != std::string::npos) return TuningMethod::Adapter;
  if (lora_rank(checkpoint.params) > 0) return TuningMethod::Lora;
  return TuningMethod::Model;
}

PathEnds load_path_ends(const fs::path& ckpt1, const fs::path& ckpt2,
                        std::optional<TuningMethod> method, const ModelSetup& model) {
  PathEnds ends;
  ends.ckpt1 = load_checkpoint_params(ckpt1, method.value_or(TuningMethod::Adapter));
  ends.method = method ? *method : detect_method(ends.ckpt1);
  if (!method && ends.method != TuningMethod::Adapter)
    ends.ckpt1 = load_checkpoint_params(ckpt1, ends.method);  // an original .pt's "model" entry
  ends.ckpt2 = load_checkpoint_params(ckpt2, ends.method);
  check_same_method(ends.ckpt1, "ckpt1 " + ckpt1.string(), ends.ckpt2, "ckpt2 " + ckpt2.string());
  for (const auto& [end, path] : {std::pair{&ends.ckpt1, ckpt1}, std::pair{&ends.ckpt2, ckpt2}}) {
    check_checkpoint_family(*end, model.model_dir, path.string());
    if (auto note = check_checkpoint_base(end->metadata, model, path.string()))
      ends.other_base.push_back(*note);
  }
  return ends;
}

std::string describe_contents(const LoadedParams& checkpoint) {
  const TuningMethod method = detect_method(checkpoint);
  return fmt::format("{} ({} tensors)",
                     method == TuningMethod::Adapter ? "adapters"
                     : method == TuningMethod::Lora  ? "LoRA factors"
                                                     : "a full model",
                     checkpoint.params.size());
}

void check_same_method(const LoadedParams& a, const std::string& label_a, const LoadedParams& b,
                       const std::string& label_b) {
  if (detect_method(a) != detect_method(b))
    throw InputError(fmt::format(
        "{} holds {} but {} holds {}: give two checkpoints of one tuning method (two adapter "
        "runs, two LoRA runs, or two full models)",
        label_a, describe_contents(a), label_b, describe_contents(b)));
}

std::optional<std::string> check_checkpoint_base(const Metadata& metadata, const ModelSetup& setup,
                                                 const std::string& source) {
  const auto recorded = metadata.find("base_fingerprint");
  const auto method = metadata.find("method");
  if (recorded == metadata.end() ||
      (method != metadata.end() && method->second == tuning_method_name(TuningMethod::Model)))
    return std::nullopt;
  const std::string given = model_fingerprint(setup.model_dir);
  if (given == recorded->second) return std::nullopt;
  const auto named = metadata.find("base_model");
  const std::string base = named == metadata.end() ? "?" : named->second;
  const std::string what = fmt::format(
      "tuned from the base model {} (fingerprint {}), but --model {} is another model "
      "(fingerprint {})",
      base, recorded->second, setup.model_dir.string(), given);
  if (setup.allow_other_base) return fmt::format("{}: {} (--allow-other-base)", source, what);
  throw InputError(source, 0,
                   what +
                       ": its tuned tensors mean nothing on other weights; pass the --model it "
                       "was tuned from, or --allow-other-base when this is deliberate");
}

namespace {

// InputError naming `source` and `name` unless `value` is floating point
// with every value finite.
void check_tensor_values(const std::string& name, const torch::Tensor& value,
                         const std::string& source) {
  if (!value.is_floating_point())
    throw InputError(source, 0,
                     fmt::format("tensor {} is {}: a tuned tensor must be floating point", name,
                                 c10::toString(value.scalar_type())));
  if (!torch::isfinite(value).all().item<bool>())
    throw InputError(source, 0,
                     fmt::format("tensor {} holds {} non-finite value(s) (nan or inf)", name,
                                 (~torch::isfinite(value)).sum().item<int64_t>()));
}

// check_tensor_values, and `value` has the shape of the model's `param`.
void check_tuned_tensor(const std::string& name, const torch::Tensor& value,
                        const torch::Tensor& param, const std::string& source) {
  if (value.sizes() != param.sizes())
    throw InputError(source, 0,
                     fmt::format("tensor {} has shape [{}], the model's is [{}]", name,
                                 fmt::join(value.sizes(), ", "), fmt::join(param.sizes(), ", ")));
  check_tensor_values(name, value, source);
}

// The family whose parameter names `checkpoint` holds (its metadata's
// `family` first), or nothing when its names say neither.
std::optional<ModelFamily> checkpoint_family(const LoadedParams& checkpoint) {
  if (auto it = checkpoint.metadata.find("family"); it != checkpoint.metadata.end()) {
    if (it->second == model_family_name(ModelFamily::T5)) return ModelFamily::T5;
    if (it->second == model_family_name(ModelFamily::Roberta)) return ModelFamily::Roberta;
  }
  for (const auto& name : checkpoint.params.names()) {
    if (name.find("encoder.block.") != std::string::npos ||
        name.find("decoder.block.") != std::string::npos)
      return ModelFamily::T5;
    if (name.find("encoder.layer.") != std::string::npos || name.rfind("classifier.", 0) == 0)
      return ModelFamily::Roberta;
  }
  return std::nullopt;
}

}  // namespace

void check_checkpoint_values(const ParamSet& params, const std::string& source,
                             bool integer_buffers) {
  for (const auto& [name, tensor] : params)
    if (!(integer_buffers && !tensor.is_floating_point()))
      check_tensor_values(name, tensor, source);
}

void check_checkpoint_family(const LoadedParams& checkpoint, const fs::path& model_dir,
                             const std::string& source) {
  const ModelFamily model = read_model_family(model_dir);
  const std::optional<ModelFamily> held = checkpoint_family(checkpoint);
  if (held && *held != model)
    throw InputError(
        source, 0,
        fmt::format("a {} checkpoint, but the model {} is {}", model_family_name(*held),
                    model_dir.string(), model_family_name(model)));
}

ParamSet tuned_from(const ParamSet& checkpoint, const ParamSet& tuned, const std::string& source) {
  ParamSet out;
  std::vector<std::string> missing;
  for (const auto& [name, tensor] : tuned) {
    if (checkpoint.contains(name)) {
      check_tuned_tensor(name, checkpoint.at(name), tensor, source);
      out.set(name, checkpoint.at(name));
    } else {
      missing.push_back(name);
    }
  }
  if (!missing.empty())
    throw InputError(
        source, 0,
        fmt::format("lacks {} tuned parameter(s): {}{}", missing.size(),
                    fmt::join(missing.begin(),
                              missing.begin() + std::min<std::size_t>(10, missing.size()), ", "),
                    missing.size() > 10 ? ", …" : ""));
  return out;
}

void check_no_extra_tensors(const ParamSet& checkpoint, const ParamSet& tuned, TuningMethod method,
                            const std::string& source) {
  if (method == TuningMethod::Model) return;
  std::vector<std::string> extra;
  for (const auto& name : checkpoint.names())
    if (!tuned.contains(name)) extra.push_back(name);
  if (!extra.empty())
    throw InputError(
        source, 0,
        fmt::format(
            "holds {} tensor(s) that the model tuned by {} does not have: {}{}", extra.size(),
            tuning_method_name(method),
            fmt::join(extra.begin(), extra.begin() + std::min<std::size_t>(10, extra.size()), ", "),
            extra.size() > 10 ? ", …" : ""));
}

ModelSetup setup_for_checkpoints(const ModelSetup& base, TuningMethod method,
                                 const LoadedParams& ckpt1, const std::string& source) {
  check_checkpoint_family(ckpt1, base.model_dir, source);
  ModelSetup setup = base;
  setup.method = method;
  if (setup.method == TuningMethod::Lora) {
    setup.lora = lora_config_of(ckpt1, base.lora, source);
    return setup;
  }
  if (setup.method != TuningMethod::Adapter) return setup;
  if (read_model_family(setup.model_dir) == ModelFamily::T5) {
    setup.adapters = infer_t5_adapter_config(ckpt1, source);
    if (auto it = ckpt1.metadata.find("adapter_size");
        it != ckpt1.metadata.end() && it->second != std::to_string(setup.adapters.size))
      throw InputError(source, 0,
                       fmt::format("its metadata says adapter_size {}, its adapters are of size {}",
                                   it->second, setup.adapters.size));
    setup.adapters.r_mean = base.adapters.r_mean;  // for fresh draws
    setup.adapters.r_std = base.adapters.r_std;
  } else if (const int64_t bottleneck = roberta_adapter_bottleneck(ckpt1.params)) {
    setup.roberta_adapter_size = bottleneck;
  }
  return setup;
}

}  // namespace mcplm
