// safetensors (https://github.com/huggingface/safetensors) reading and writing.
// Reading validates the whole header before touching tensor data; a malformed
// file gives an InputError naming the file and the problem.
#pragma once
#include <filesystem>
#include <map>
#include <string>

#include "mcplm/core/param_set.h"

namespace mcplm {

using Metadata = std::map<std::string, std::string>;

struct SafetensorsFile {
  ParamSet tensors;   // in data-offset order
  Metadata metadata;  // `__metadata__`, empty when absent
};

SafetensorsFile read_safetensors(const std::filesystem::path& path);
// Only `__metadata__`, reading the header alone (cheap for large files).
Metadata read_safetensors_metadata(const std::filesystem::path& path);
// Parses bytes already in memory; `name` is used in error messages.
SafetensorsFile parse_safetensors(const std::string& bytes, const std::string& name);

// Writes atomically; tensors in ParamSet order, header padded to 8 bytes.
void write_safetensors(const std::filesystem::path& path, const ParamSet& tensors,
                       const Metadata& metadata = {});
std::string serialize_safetensors(const ParamSet& tensors, const Metadata& metadata = {});

}  // namespace mcplm
