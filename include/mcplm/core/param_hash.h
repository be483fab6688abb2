// A digest of a parameter set's content (names, dtypes, shapes, bytes), to
// tell whether two runs started from the same tensors wherever the files
// were.
#pragma once
#include <string>

#include "mcplm/core/param_set.h"

namespace mcplm {

// 16 hex digits of a 64-bit FNV-1a over every tensor in order (copied to
// the CPU, contiguous). Not cryptographic: it tells runs apart, no more.
std::string content_hash(const ParamSet& params);

}  // namespace mcplm
