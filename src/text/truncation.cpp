// transformers 4.19 truncate_sequences (see text/tokenizer.h).
#include "mcplm/text/tokenizer.h"

namespace mcplm {

void truncate_single(std::vector<int64_t>& ids, std::size_t special_count, std::size_t max_length) {
  std::size_t total = ids.size() + special_count;
  if (max_length == 0 || total <= max_length) return;
  std::size_t remove = total - max_length;
  if (ids.size() > remove) ids.resize(ids.size() - remove);
}

void truncate_pair(std::vector<int64_t>& first, std::vector<int64_t>& second,
                   std::size_t special_count, std::size_t max_length) {
  std::size_t total = first.size() + second.size() + special_count;
  if (max_length == 0 || total <= max_length) return;
  for (std::size_t remove = total - max_length; remove > 0; --remove) {
    auto& longer = first.size() > second.size() ? first : second;
    if (!longer.empty()) longer.pop_back();
  }
}

}  // namespace mcplm
