// The torch pickle reader (data.pkl), with every storage record 64 bytes long.
#include "fuzz_util.h"
#include "mcplm/core/error.h"
#include "mcplm/io/torch_pickle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  try {
    mcplm::unpickle(mcplm::fuzz::as_string(data, size), "data.pkl",
                    [](const std::string&) { return std::string(64, '\x01'); });
  } catch (const mcplm::InputError&) {
  }
  return 0;
}
