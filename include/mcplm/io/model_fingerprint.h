// A fingerprint of a base model directory, recorded in the checkpoints tuned
// from it, so that a command given another base (`--model`) can say so
// instead of evaluating tuned tensors on weights they were not tuned with.
#pragma once
#include <filesystem>
#include <string>

namespace mcplm {

// 16 hex digits (Fnv1a) over config.json's bytes and, for every weight file
// at the top of `model_dir` (*.safetensors, *.bin, by name), its name, size
// and 64 samples of 4 KiB spread evenly over it: ~256 KiB read per file
// whatever the model's size. The same files anywhere give the same
// fingerprint; another initialisation or training step gives another.
// InputError naming its config.json when there is none.
std::string model_fingerprint(const std::filesystem::path& model_dir);

}  // namespace mcplm
