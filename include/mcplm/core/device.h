// Where the model and its tensors live: `--device cpu | cuda | cuda:N`.
#pragma once
#include <c10/core/Device.h>

#include <string>

namespace mcplm {

// "cpu", "cuda" (the first CUDA device) or "cuda:N". InputError naming
// --device on any other text, and when the device cannot be used here
// (require_device()).
c10::Device parse_device(const std::string& text);

// InputError unless `device` can be used: the CPU always; a CUDA device when
// this LibTorch was built with CUDA and the device exists.
void require_device(const c10::Device& device);

// Waits for the work queued on `device` (CUDA runs asynchronously), so that
// timings cover it; nothing on the CPU.
void synchronize_device(const c10::Device& device);

}  // namespace mcplm
