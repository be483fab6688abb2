#include "mcplm/io/load_params.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "mcplm/core/error.h"
#include "mcplm/io/torch_pickle.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

bool has_extension(const fs::path& p, const char* ext) { return p.extension() == ext; }

// Concatenates the shards named by `index.json`'s weight_map, in shard order.
ParamSet load_sharded(const fs::path& index_path) {
  std::ifstream in(index_path);
  auto index = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (index.is_discarded() || !index.is_object() || !index.contains("weight_map") ||
      !index["weight_map"].is_object())
    throw InputError(index_path.string(), 0, "not a shard index (no weight_map object)");
  std::vector<std::string> shards;
  std::set<std::string> seen;
  for (const auto& [name, shard] : index["weight_map"].items()) {
    if (!shard.is_string())
      throw InputError(index_path.string(), 0,
                       "weight_map value of '" + name + "' is not a string");
    if (seen.insert(shard.get<std::string>()).second) shards.push_back(shard.get<std::string>());
  }
  ParamSet all;
  for (const auto& shard : shards) {
    LoadedParams part = load_params(index_path.parent_path() / shard);
    for (const auto& [name, tensor] : part.params) all.set(name, tensor);
  }
  return all;
}

}  // namespace

ParamSet load_hf_weights(const fs::path& dir) {
  for (const char* name : {"model.safetensors", "pytorch_model.bin"})
    if (fs::exists(dir / name)) return load_params(dir / name).params;
  for (const char* name : {"model.safetensors.index.json", "pytorch_model.bin.index.json"})
    if (fs::exists(dir / name)) return load_sharded(dir / name);
  throw InputError(dir.string(), 0,
                   "no weights found (model.safetensors, pytorch_model.bin or a *.index.json)");
}

LoadedParams load_params(const fs::path& path, const std::string& entry) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return {load_hf_weights(path), {}};
  if (!fs::exists(path, ec)) throw InputError(path.string(), 0, "no such file or directory");
  if (has_extension(path, ".safetensors")) {
    SafetensorsFile file = read_safetensors(path);
    return {std::move(file.tensors), std::move(file.metadata)};
  }
  if (has_extension(path, ".json")) return {load_sharded(path), {}};
  return {load_torch_state_dict(path, entry), {}};
}

}  // namespace mcplm
