// Reading JSON files with errors that name the file.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>

namespace mcplm {

// The parsed file; InputError naming the file when it is missing or not JSON.
nlohmann::json read_json_file(const std::filesystem::path& path);

}  // namespace mcplm
