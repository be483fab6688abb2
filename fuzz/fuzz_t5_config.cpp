// T5 config.json: read_json_file + parse_t5_config (through load_t5_config).
#include "fuzz_util.h"
#include "mcplm/core/error.h"
#include "mcplm/config/t5_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto path = mcplm::fuzz::temp_file("config.json", mcplm::fuzz::as_string(data, size));
  try {
    mcplm::load_t5_config(path);
  } catch (const mcplm::InputError&) {
  }
  return 0;
}
