#include "mcplm/train/checkpoint.h"

#include <cstdlib>

namespace mcplm {

namespace fs = std::filesystem;

CheckpointFiles checkpoint_files(const fs::path& run_dir, const std::string& name) {
  return {run_dir / (name + ".safetensors"), run_dir / (name + ".optim.safetensors")};
}

void save_checkpoint(const fs::path& run_dir, const std::string& name, const ParamSet& tuned,
                     const Metadata& metadata, const std::optional<SafetensorsFile>& resume_state) {
  fs::create_directories(run_dir);
  const CheckpointFiles files = checkpoint_files(run_dir, name);
  if (resume_state) {
    write_safetensors(files.optim, resume_state->tensors, resume_state->metadata);
  } else {
    fs::remove(files.optim);
  }
  write_safetensors(files.params, tuned, metadata);
}

std::optional<std::string> newest_resumable_checkpoint(const fs::path& run_dir) {
  std::optional<std::string> best;
  long long best_updates = -1;
  if (!fs::is_directory(run_dir)) return best;
  for (const auto& entry : fs::directory_iterator(run_dir)) {
    const std::string file = entry.path().filename().string();
    const std::string suffix = ".optim.safetensors";
    if (file.size() <= suffix.size() ||
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const std::string name = file.substr(0, file.size() - suffix.size());
    if (!fs::exists(run_dir / (name + ".safetensors"))) continue;
    const Metadata meta = read_safetensors_metadata(entry.path());
    auto it = meta.find("updates");
    if (it == meta.end()) continue;
    long long updates = std::atoll(it->second.c_str());
    if (updates > best_updates) best_updates = updates, best = name;
  }
  return best;
}

}  // namespace mcplm
