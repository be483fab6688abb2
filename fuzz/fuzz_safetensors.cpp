// safetensors header + data: parse_safetensors.
#include "fuzz_util.h"
#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  try {
    mcplm::parse_safetensors(mcplm::fuzz::as_string(data, size), "fuzz.safetensors");
  } catch (const mcplm::InputError&) {
  }
  return 0;
}
