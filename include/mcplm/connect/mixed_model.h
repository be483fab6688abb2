// A T5 task model whose parameters weight-find forms from two full-model
// ends, group by group (layer_mix.h): what the weight-find trainer trains
// through, and what evaluates the ends, the midpoint and the found mixture.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>

#include "mcplm/connect/layer_mix.h"
#include "mcplm/data/task.h"
#include "mcplm/model/model_setup.h"

namespace mcplm {

struct MixedModel {
  std::unique_ptr<TaskModel> model;
  ParamSet params;  // every parameter of the model, in its order, sharing storage
  std::optional<LayerMix> mix;
};

// The base model of `setup` for `task` (on setup.device) and the ends, read
// as `interpolate` reads them (safetensors, a Hugging Face directory, an
// original .pt's `model` entry), on the model's device in its dtype, grouped
// by `filter`. InputError when an end holds adapters or lacks a parameter of
// the model, when the ends differ in shape, or when the model is not a T5.
MixedModel load_mixed_model(const ModelSetup& setup, const Task& task,
                            const std::filesystem::path& ckpt1, const std::filesystem::path& ckpt2,
                            LayerFilter filter);

}  // namespace mcplm
