// Reading tuned checkpoints into a model: what a file holds (the tuning
// method), the tuned tensors a model needs from it, and the model set-up its
// shapes call for. Used by every command that starts from checkpoints
// (tune --init-from, interpolate, curve).
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mcplm/core/param_set.h"
#include "mcplm/io/load_params.h"
#include "mcplm/model/method.h"
#include "mcplm/model/model_setup.h"

namespace mcplm {

// The checkpoint's tuned tensors: the `method` entry of an original .pt, a
// peft LoRA directory (model/peft_lora.h), otherwise the whole file or
// directory; with metadata when it has some.
LoadedParams load_checkpoint_params(const std::filesystem::path& path, TuningMethod method);

// The metadata's method, else Adapter when some tensor's name holds
// "adapter", else Lora when it holds LoRA factors, else Model.
TuningMethod detect_method(const LoadedParams& checkpoint);

// The two ends of a path (or curve) and the method they were tuned with:
// `method`, or when it is not given the one detect_method finds in ckpt1.
// Both are checked against `model`: one tuning method (check_same_method),
// its family and its base (check_checkpoint_base, whose notes are kept).
struct PathEnds {
  TuningMethod method = TuningMethod::Model;
  LoadedParams ckpt1, ckpt2;
  std::vector<std::string> other_base;  // check_checkpoint_base's notes
};
PathEnds load_path_ends(const std::filesystem::path& ckpt1, const std::filesystem::path& ckpt2,
                        std::optional<TuningMethod> method, const ModelSetup& model);

// "adapters (20 tensors)", "LoRA factors (24 tensors)" or "a full model
// (70 tensors)": what detect_method finds in `checkpoint`.
std::string describe_contents(const LoadedParams& checkpoint);

// InputError naming both files and what each holds unless `a` and `b` hold
// one tuning method; `label_a`/`label_b` name them ("--input1 FILE").
void check_same_method(const LoadedParams& a, const std::string& label_a, const LoadedParams& b,
                       const std::string& label_b);

// The base model a checkpoint (or curve) was tuned from against
// setup.model_dir, by the fingerprint its `metadata` records
// (`base_fingerprint`, from model_fingerprint). Passes without one (the
// original's checkpoints) and for full models (every weight is theirs).
// InputError naming `source`, both models and the ways out when they
// differ, unless setup.allow_other_base: then the note saying so, to print
// and record in the outputs.
std::optional<std::string> check_checkpoint_base(const Metadata& metadata, const ModelSetup& setup,
                                                 const std::string& source);

// The tuned tensors of `checkpoint`, named as the model names them; every
// tuned parameter must be there, floating point, of the model's shape and
// finite (other entries are ignored). InputError naming `source` and the
// tensor otherwise.
ParamSet tuned_from(const ParamSet& checkpoint, const ParamSet& tuned, const std::string& source);

// InputError naming `source` and the tensors when an adapter or LoRA
// checkpoint holds tensors the model does not tune (`tuned`): a tensor of
// another adapter layout or stray data, which dist refuses too. A full
// model's other entries (tied copies, buffers) pass.
void check_no_extra_tensors(const ParamSet& checkpoint, const ParamSet& tuned, TuningMethod method,
                            const std::string& source);

// InputError naming `source` and the tensor unless every tensor of `params`
// is floating point and finite; `integer_buffers`: integer tensors (a full
// model's position_ids) are let through.
void check_checkpoint_values(const ParamSet& params, const std::string& source,
                             bool integer_buffers = false);

// InputError naming `source` when `checkpoint` is of another family than
// the model in `model_dir` (its metadata's `family`, else its names).
void check_checkpoint_family(const LoadedParams& checkpoint, const std::filesystem::path& model_dir,
                             const std::string& source);

// The model setup for evaluating or training between checkpoints of
// `method` (ckpt1 checked with check_checkpoint_family): T5 adapter shapes
// and RoBERTa bottleneck from `ckpt1`; LoRA's r from its factors and alpha
// from its metadata (else base.lora's).
ModelSetup setup_for_checkpoints(const ModelSetup& base, TuningMethod method,
                                 const LoadedParams& ckpt1, const std::string& source);

}  // namespace mcplm
