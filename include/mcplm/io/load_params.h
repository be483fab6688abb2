// Loading parameter sets from whatever a user points at: a safetensors file,
// a Hugging Face model directory, a `pytorch_model.bin`, or an original
// `checkpoint@N.pt` (whose `adapter` or `model` entry is the state dict).
#pragma once
#include <filesystem>
#include <string>

#include "mcplm/core/param_set.h"
#include "mcplm/io/safetensors.h"

namespace mcplm {

struct LoadedParams {
  ParamSet params;
  Metadata metadata;  // safetensors `__metadata__`, empty for other formats
};

// `entry` selects the state dict inside an original `.pt` checkpoint
// ("adapter" or "model"); it is ignored for files that hold one state dict.
LoadedParams load_params(const std::filesystem::path& path, const std::string& entry = "model");

// The weights of a Hugging Face model directory: `model.safetensors`,
// `pytorch_model.bin`, or a sharded `*.index.json` of either.
ParamSet load_hf_weights(const std::filesystem::path& dir);

}  // namespace mcplm
