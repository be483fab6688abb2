// Task TSV files: read_task_file.
#include "fuzz_util.h"
#include "mcplm/core/error.h"
#include "mcplm/data/task_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto path = mcplm::fuzz::temp_file("task_train.tsv", mcplm::fuzz::as_string(data, size));
  try {
    mcplm::read_task_file(path);
  } catch (const mcplm::InputError&) {
  }
  return 0;
}
