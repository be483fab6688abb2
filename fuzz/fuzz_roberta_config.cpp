// RoBERTa config.json: read_roberta_config.
#include "fuzz_util.h"
#include "mcplm/core/error.h"
#include "mcplm/config/roberta_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto path = mcplm::fuzz::temp_file("config.json", mcplm::fuzz::as_string(data, size));
  try {
    mcplm::read_roberta_config(path);
  } catch (const mcplm::InputError&) {
  }
  return 0;
}
