// Shared bits of the libFuzzer targets: every target feeds bytes to one parser
// and accepts exactly two outcomes, success or mcplm::InputError. Any other
// exception escapes and libFuzzer reports it as a crash.
#pragma once
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace mcplm::fuzz {

inline std::string as_string(const uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// A per-process file in /dev/shm (or /tmp) holding `bytes`, for parsers that
// read from a path.
inline std::filesystem::path temp_file(const std::string& name, const std::string& bytes) {
  std::filesystem::path dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
  auto path = dir / ("mcplm-fuzz-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), bytes.size());
  return path;
}

}  // namespace mcplm::fuzz
