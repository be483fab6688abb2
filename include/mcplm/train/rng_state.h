// Random-number state for `--resume`: LibTorch's default CPU generator
// (dropout, torch::rand*) and the std::mt19937_64 engines a run draws from
// (data order, answer draws), as uint8 tensors for the optimizer side file.
// Only the CPU's: a run on CUDA draws its dropout from the CUDA generator,
// which is reseeded rather than restored, and CUDA kernels do not sum in a
// fixed order, so a resumed CUDA run is close to, not bit-exact with, an
// uninterrupted one.
#pragma once
#include <map>
#include <random>
#include <string>

#include "mcplm/core/param_set.h"

namespace mcplm {

// Engines by name; the names become part of the saved keys.
using RngEngines = std::map<std::string, std::mt19937_64*>;

// "rng.torch_cpu" (the generator's own state bytes) and "rng.engine.<name>"
// (the engine's standard text form) for each engine.
ParamSet capture_rng_state(const RngEngines& engines);

// Puts every generator back as capture_rng_state saw it; entries other than
// "rng.*" are ignored. Throws InputError, naming `source`, when an entry is
// missing or malformed.
void restore_rng_state(const ParamSet& saved, const RngEngines& engines, const std::string& source);

}  // namespace mcplm
