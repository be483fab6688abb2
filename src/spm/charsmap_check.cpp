#include "charsmap_check.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace mcplm::spm {
namespace {

// One unit of a darts-clone double array, as Darts::DoubleArray reads it.
struct TrieUnit {
  uint32_t bits;
  bool has_leaf() const { return ((bits >> 8) & 1) == 1; }
  uint32_t value() const { return bits & ((1U << 31) - 1); }
  uint32_t label() const { return bits & ((1U << 31) | 0xFF); }
  uint32_t offset() const { return (bits >> 10) << ((bits & (1U << 9)) >> 6); }
};

uint32_t read_le32(const char* p) {
  uint32_t v = 0;
  for (int k = 3; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(p[k]);
  return v;
}

// A protobuf wire-format reader over one message: just enough to find the
// length-delimited fields of a ModelProto and a NormalizerSpec.
class WireReader {
 public:
  explicit WireReader(std::string_view bytes) : rest_(bytes) {}

  // The next field's number and, when it is length-delimited, its bytes;
  // nullopt at the end. `broken` is set when the bytes are not wire format.
  std::optional<std::pair<uint64_t, std::string_view>> next(bool& broken) {
    while (!rest_.empty()) {
      uint64_t key = 0;
      if (!varint(key)) return fail(broken);
      uint64_t skip = 0;
      switch (key & 7) {
        case 0:
          if (!varint(skip)) return fail(broken);
          continue;
        case 1:
          skip = 8;
          break;
        case 5:
          skip = 4;
          break;
        case 2: {
          uint64_t size = 0;
          if (!varint(size) || size > rest_.size()) return fail(broken);
          std::string_view field = rest_.substr(0, size);
          rest_.remove_prefix(size);
          return std::make_pair(key >> 3, field);
        }
        default:  // groups: not in SentencePiece's messages
          return fail(broken);
      }
      if (skip > rest_.size()) return fail(broken);
      rest_.remove_prefix(skip);
    }
    return std::nullopt;
  }

 private:
  bool varint(uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64 && !rest_.empty(); shift += 7) {
      const auto byte = static_cast<unsigned char>(rest_[0]);
      rest_.remove_prefix(1);
      out |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  std::nullopt_t fail(bool& broken) {
    broken = true;
    return std::nullopt;
  }

  std::string_view rest_;
};

// NormalizerSpec.precompiled_charsmap (field 2) of a serialized spec; "" when absent.
std::string_view charsmap_of(std::string_view spec, bool& broken) {
  std::string_view charsmap;
  WireReader reader(spec);
  while (auto field = reader.next(broken))
    if (field->first == 2) charsmap = field->second;
  return charsmap;
}

}  // namespace

std::string check_charsmap(std::string_view blob) {
  // As Normalizer::DecodePrecompiledCharsMap splits it.
  if (blob.size() <= 4) return "";  // SentencePiece refuses it itself
  const uint32_t trie_bytes = read_le32(blob.data());
  if (trie_bytes >= blob.size()) return "";  // likewise
  const std::string_view trie = blob.substr(4, trie_bytes);
  const std::string_view replacements = blob.substr(4 + trie_bytes);
  const std::size_t units = trie.size() / 4;
  if (units == 0) return "the normalization trie is empty";
  auto unit = [&](std::size_t i) { return TrieUnit{read_le32(trie.data() + 4 * i)}; };

  // Darts::DoubleArray::commonPrefixSearch from the root: a node at `pos`
  // reads all of its children at (pos ^ offset) ^ byte, and a child with a
  // leaf reads its value at child ^ offset.
  std::vector<bool> seen(units, false);
  std::vector<std::size_t> stack{0};
  seen[0] = true;
  while (!stack.empty()) {
    const std::size_t pos = stack.back();
    stack.pop_back();
    const std::size_t base = pos ^ unit(pos).offset();
    if ((base | 0xFF) >= units)
      return "the normalization trie points outside itself (node " + std::to_string(pos) + ")";
    for (uint32_t byte = 0; byte < 256; ++byte) {
      const std::size_t child = base ^ byte;
      const TrieUnit c = unit(child);
      if (c.label() != byte) continue;
      if (c.has_leaf()) {
        const std::size_t leaf = child ^ c.offset();
        if (leaf >= units)
          return "the normalization trie points outside itself (node " + std::to_string(child) +
                 ")";
        const uint32_t value = unit(leaf).value();
        if (value >= replacements.size() ||
            std::memchr(replacements.data() + value, '\0', replacements.size() - value) == nullptr)
          return "a normalization rule points outside the replacement strings (offset " +
                 std::to_string(value) + ")";
      }
      if (!seen[child]) {
        seen[child] = true;
        stack.push_back(child);
      }
    }
  }
  return "";
}

std::string check_model_charsmaps(std::string_view model) {
  bool broken = false;
  WireReader reader(model);
  while (auto field = reader.next(broken)) {
    const char* spec = field->first == 3   ? "normalizer_spec"
                       : field->first == 5 ? "denormalizer_spec"
                                           : nullptr;
    if (spec == nullptr) continue;
    const std::string_view charsmap = charsmap_of(field->second, broken);
    if (broken) break;
    if (std::string problem = check_charsmap(charsmap); !problem.empty())
      return std::string(spec) + ".precompiled_charsmap is corrupted: " + problem;
  }
  return broken ? "its protobuf does not parse" : "";
}

}  // namespace mcplm::spm
