// What the two ends of a path are, in a few words for its plot.
#pragma once
#include <array>
#include <filesystem>
#include <string>

#include "mcplm/io/safetensors.h"

namespace mcplm {

// From each checkpoint's metadata (mcplm's own checkpoints): "seed 20,
// update 150", led by the task ("glue-mnli, seed 20, update 150") when the
// two ends' tasks differ. An end without seed or update in its metadata
// (Hugging Face directories, .bin and original .pt files) is named by its
// file name or, where both ends have the same one, by the last folder their
// paths differ in.
std::array<std::string, 2> end_labels(const Metadata& meta1, const std::filesystem::path& path1,
                                      const Metadata& meta2, const std::filesystem::path& path2);

}  // namespace mcplm
