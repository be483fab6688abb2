// Distances between two parameter sets: L2 of the difference, cosine
// similarity, element count and RMS difference, accumulated in float64.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "mcplm/core/param_set.h"
#include "mcplm/model/lora.h"
#include "mcplm/model/method.h"

namespace mcplm {

struct Distance {
  double l2 = 0;      // ||a - b||
  double cosine = 0;  // a.b / max(||a|| ||b||, 1e-6)
  int64_t count = 0;  // number of parameters
  double rms = 0;     // sqrt(l2^2 / count)
};

// Both sets must have the same names and shapes; accumulated in float64.
Distance compute_distance(const ParamSet& a, const ParamSet& b);

// What `dist` reports: the distance of the tensors as stored and, for two
// LoRA checkpoints, also that of their merged updates ΔW = (A·B)ᵀ·alpha/r
// (plus what else they tune, such as RoBERTa's head).
struct CheckpointDistance {
  Distance stored;
  std::optional<Distance> merged;
};

// The distance between two checkpoint files (safetensors, HF directory, .bin,
// or an original .pt, whose `entry` is read). InputError naming both files
// when they hold different things (adapters against a full model, other
// tensors), saying what each holds. A LoRA checkpoint without `lora_alpha`
// metadata is scaled with `lora`'s alpha.
CheckpointDistance checkpoint_distance(const std::filesystem::path& file1,
                                       const std::filesystem::path& file2, TuningMethod entry,
                                       const LoraConfig& lora = {});

// `distance.txt` in the original's layout and `distance.json`, atomically;
// with a merged distance, distance.json also holds it under "merged".
void write_distance(const std::filesystem::path& dir, const CheckpointDistance& d);
std::string distance_txt(const Distance& d);

}  // namespace mcplm
