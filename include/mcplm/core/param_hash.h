// A digest of a parameter set's content (names, dtypes, shapes, bytes), to
// tell whether two runs started from the same tensors wherever the files
// were.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "mcplm/core/param_set.h"

namespace mcplm {

// 64-bit FNV-1a, fed piece by piece. Not cryptographic: it tells contents
// apart, no more.
class Fnv1a {
 public:
  void mix(const void* data, std::size_t size);
  void mix(const std::string& text);  // its bytes and a terminating NUL
  std::string hex() const;            // 16 hex digits
 private:
  uint64_t h_ = 14695981039346656037ull;
};

// Fnv1a's digest of every tensor in order (copied to the CPU, contiguous).
std::string content_hash(const ParamSet& params);

}  // namespace mcplm
