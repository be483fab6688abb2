// Checkpoint metadata: the resume counters of a side file (parse_loop_counters)
// and safetensors `__metadata__` read alone (read_safetensors_metadata).
#include "fuzz_util.h"
#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/data/loop_counters.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string bytes = mcplm::fuzz::as_string(data, size);
  try {
    mcplm::parse_loop_counters(bytes, "checkpoint.optim.safetensors");
  } catch (const mcplm::InputError&) {
  }
  try {
    mcplm::read_safetensors_metadata(mcplm::fuzz::temp_file("meta.safetensors", bytes));
  } catch (const mcplm::InputError&) {
  }
  return 0;
}
