// vocab.json + merges.txt (split at the first NUL byte), then an encode and a
// decode with the loaded tables: ByteLevelBpe.
#include <vector>

#include "fuzz_util.h"
#include "mcplm/core/error.h"
#include "mcplm/text/byte_level_bpe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string bytes = mcplm::fuzz::as_string(data, size);
  std::size_t cut = bytes.find('\0');
  std::string vocab = bytes.substr(0, cut);
  std::string merges = cut == std::string::npos ? "" : bytes.substr(cut + 1);
  auto vocab_path = mcplm::fuzz::temp_file("vocab.json", vocab);
  auto merges_path = mcplm::fuzz::temp_file("merges.txt", merges);
  try {
    mcplm::ByteLevelBpe bpe(vocab_path, merges_path);
    std::vector<int64_t> ids;
    bpe.encode("Hello world, it's 2022! caf\xc3\xa9  \xe4\xb8\xad", -1, ids);
    std::vector<int64_t> known;
    for (int64_t id : ids)
      if (id >= 0) known.push_back(id);
    bpe.bytes_of(known);
  } catch (const mcplm::InputError&) {
  }
  return 0;
}
