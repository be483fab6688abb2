// Checkpoint files of a run: `NAME.safetensors` holds the tuned tensors with
// JSON-able metadata; `NAME.optim.safetensors` beside it holds what resuming
// needs (optimizer state, RNG state, the loop's counters).
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "mcplm/core/param_set.h"
#include "mcplm/io/safetensors.h"

namespace mcplm {

struct CheckpointFiles {
  std::filesystem::path params;  // NAME.safetensors
  std::filesystem::path optim;   // NAME.optim.safetensors
};
CheckpointFiles checkpoint_files(const std::filesystem::path& run_dir, const std::string& name);

// Writes the tuned tensors (and the side file when `resume_state` is given),
// each atomically. The side file is written first, so a params file never
// names a side file that is not there.
void save_checkpoint(const std::filesystem::path& run_dir, const std::string& name,
                     const ParamSet& tuned, const Metadata& metadata,
                     const std::optional<SafetensorsFile>& resume_state);

// The checkpoint to resume from: the one with the most updates among those of
// `run_dir` that have a side file. nullopt when there is none.
std::optional<std::string> newest_resumable_checkpoint(const std::filesystem::path& run_dir);

}  // namespace mcplm
