#include "mcplm/text/byte_level_bpe.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <fmt/format.h>
#include <pcre2.h>

#include <climits>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "mcplm/core/error.h"

namespace mcplm {
namespace {

// GPT-2's pre-tokenisation pattern (contractions, letters, numbers, other
// symbols, whitespace), matched with Unicode properties.
constexpr const char* kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

// The largest id a vocabulary may use (ids index a table).
constexpr int64_t kMaxVocabId = 100'000'000;

std::string utf8_of(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves,
// the others for 256, 257, ... in byte order (all below U+0800).
std::vector<std::string> byte_characters() {
  std::vector<std::string> characters(256);
  char32_t next = 256;
  for (int b = 0; b < 256; ++b) {
    bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    characters[b] = utf8_of(printable ? b : next++);
  }
  return characters;
}

// The bytes a token stands for: each byte character mapped back; a character
// outside the map stands for its own UTF-8 bytes.
std::string token_bytes(const std::string& token,
                        const std::unordered_map<std::string, unsigned char>& byte_of) {
  std::string bytes;
  std::size_t i = 0;
  while (i < token.size()) {
    auto lead = static_cast<unsigned char>(token[i]);
    std::size_t length = lead < 0x80    ? 1
                         : lead >= 0xF0 ? 4
                         : lead >= 0xE0 ? 3
                         : lead >= 0xC0 ? 2
                                        : 1;
    std::string character = token.substr(i, length);
    auto it = byte_of.find(character);
    if (it != byte_of.end()) {
      bytes += static_cast<char>(it->second);
    } else {
      bytes += character;
    }
    i += length;
  }
  return bytes;
}

std::unordered_map<std::string, int64_t> read_vocab(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "cannot open vocabulary");
  nlohmann::json object = nlohmann::json::parse(in, nullptr, false);
  if (object.is_discarded()) throw InputError(path.string(), 0, "not valid JSON");
  if (!object.is_object()) throw InputError(path.string(), 0, "not a JSON object of token -> id");
  std::unordered_map<std::string, int64_t> vocab;
  vocab.reserve(object.size());
  for (const auto& [token, id] : object.items()) {
    if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > kMaxVocabId)
      throw InputError(
          path.string(), 0,
          fmt::format("the id of token \"{}\" is not an integer in 0..{}", token, kMaxVocabId));
    vocab.emplace(token, id.get<int64_t>());
  }
  return vocab;
}

std::vector<std::string_view> split_whitespace(std::string_view line) {
  std::vector<std::string_view> parts;
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  std::size_t i = line.find_first_not_of(kSpace);
  while (i != std::string_view::npos) {
    std::size_t end = line.find_first_of(kSpace, i);
    parts.push_back(line.substr(i, end == std::string_view::npos ? end : end - i));
    i = end == std::string_view::npos ? end : line.find_first_not_of(kSpace, end);
  }
  return parts;
}

}  // namespace

struct ByteLevelBpe::Pattern {
  pcre2_code* code = nullptr;
  ~Pattern() { pcre2_code_free(code); }
};

ByteLevelBpe::ByteLevelBpe(const std::filesystem::path& vocab_file,
                           const std::filesystem::path& merges_file)
    : vocab_(read_vocab(vocab_file)), pattern_(std::make_unique<Pattern>()) {
  int64_t max_id = -1;
  for (const auto& [token, id] : vocab_) max_id = std::max(max_id, id);
  tokens_by_id_.assign(max_id + 1, nullptr);
  for (const auto& [token, id] : vocab_) tokens_by_id_[id] = &token;

  std::vector<std::string> characters = byte_characters();
  std::unordered_map<std::string, unsigned char> byte_of;
  for (int b = 0; b < 256; ++b) {
    byte_of.emplace(characters[b], static_cast<unsigned char>(b));
    byte_symbols_[b] = intern(characters[b]);
  }
  id_bytes_.resize(tokens_by_id_.size());
  for (std::size_t id = 0; id < tokens_by_id_.size(); ++id)
    if (tokens_by_id_[id]) id_bytes_[id] = token_bytes(*tokens_by_id_[id], byte_of);

  std::ifstream in(merges_file, std::ios::binary);
  if (!in) throw InputError(merges_file.string(), 0, "cannot open merges");
  std::string line;
  int32_t rank = 0;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (number == 1 && line.rfind("#version", 0) == 0) continue;
    auto parts = split_whitespace(line);
    if (parts.empty()) continue;
    if (parts.size() != 2)
      throw InputError(merges_file.string(), number,
                       fmt::format("a merge is two tokens, this line has {}", parts.size()));
    std::string left(parts[0]), right(parts[1]);
    int32_t a = intern(left), b = intern(right), merged = intern(left + right);
    merges_[(static_cast<uint64_t>(a) << 32) | static_cast<uint32_t>(b)] = Merge{rank++, merged};
  }

  symbol_ids_.resize(symbols_.size());
  for (std::size_t s = 0; s < symbols_.size(); ++s) {
    auto it = vocab_.find(symbols_[s]);
    symbol_ids_[s] = it == vocab_.end() ? -1 : it->second;
  }

  int error = 0;
  PCRE2_SIZE offset = 0;
  pattern_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kGpt2Pattern), PCRE2_ZERO_TERMINATED,
                                 PCRE2_UTF | PCRE2_UCP, &error, &offset, nullptr);
  if (!pattern_->code) throw std::runtime_error("cannot compile GPT-2's pre-tokenisation pattern");
  pcre2_jit_compile(pattern_->code, PCRE2_JIT_COMPLETE);  // interpreted when JIT is unavailable
}

ByteLevelBpe::~ByteLevelBpe() = default;

int32_t ByteLevelBpe::intern(const std::string& symbol) {
  auto [it, fresh] = symbol_numbers_.emplace(symbol, static_cast<int32_t>(symbols_.size()));
  if (fresh) symbols_.push_back(symbol);
  return it->second;
}

void ByteLevelBpe::encode(std::string_view text, int64_t unknown_id,
                          std::vector<int64_t>& ids) const {
  std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> match(
      pcre2_match_data_create_from_pattern(pattern_->code, nullptr), &pcre2_match_data_free);
  auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  uint32_t options = 0;  // the first match checks the whole text is UTF-8
  std::size_t offset = 0;
  while (offset < text.size()) {
    int rc =
        pcre2_match(pattern_->code, subject, text.size(), offset, options, match.get(), nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) {
      PCRE2_UCHAR message[256];
      pcre2_get_error_message(rc, message, sizeof message);
      std::string what(reinterpret_cast<const char*>(message));
      if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
        throw InputError(fmt::format("text is not valid UTF-8 ({})", what));
      throw std::runtime_error("GPT-2 pre-tokenisation failed: " + what);
    }
    const PCRE2_SIZE* span = pcre2_get_ovector_pointer(match.get());
    if (span[1] <= span[0]) throw std::logic_error("GPT-2 pre-tokenisation matched nothing");
    encode_piece(text.substr(span[0], span[1] - span[0]), unknown_id, ids);
    offset = span[1];
    options = PCRE2_NO_UTF_CHECK;
  }
}

void ByteLevelBpe::encode_piece(std::string_view piece, int64_t unknown_id,
                                std::vector<int64_t>& ids) const {
  auto emit = [&](const std::vector<int32_t>& word) {
    for (int32_t symbol : word) {
      int64_t id = symbol_ids_[symbol];
      ids.push_back(id >= 0 ? id : unknown_id);
    }
  };
  std::string key(piece);
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      emit(it->second);
      return;
    }
  }
  std::vector<int32_t> word, next;
  word.reserve(piece.size());
  for (char c : piece) word.push_back(byte_symbols_[static_cast<unsigned char>(c)]);
  while (word.size() > 1) {
    // The lowest-ranked adjacent pair; then every occurrence of it, left to right.
    const Merge* best = nullptr;
    int32_t left = 0, right = 0;
    for (std::size_t i = 0; i + 1 < word.size(); ++i) {
      auto it =
          merges_.find((static_cast<uint64_t>(word[i]) << 32) | static_cast<uint32_t>(word[i + 1]));
      if (it != merges_.end() && (!best || it->second.rank < best->rank)) {
        best = &it->second;
        left = word[i];
        right = word[i + 1];
      }
    }
    if (!best) break;
    next.clear();
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (i + 1 < word.size() && word[i] == left && word[i + 1] == right) {
        next.push_back(best->result);
        ++i;
      } else {
        next.push_back(word[i]);
      }
    }
    word.swap(next);
  }
  emit(word);
  std::lock_guard<std::mutex> lock(cache_mutex_);
  constexpr std::size_t kCacheLimit = 1 << 18;
  if (cache_.size() >= kCacheLimit) cache_.clear();
  cache_.emplace(std::move(key), std::move(word));
}

std::string ByteLevelBpe::bytes_of(const std::vector<int64_t>& ids) const {
  std::string bytes;
  for (int64_t id : ids) bytes += id_bytes_.at(id);
  return bytes;
}

std::optional<int64_t> ByteLevelBpe::token_to_id(const std::string& token) const {
  auto it = vocab_.find(token);
  if (it == vocab_.end()) return std::nullopt;
  return it->second;
}

const std::string* ByteLevelBpe::id_to_token(int64_t id) const {
  if (id < 0 || id >= static_cast<int64_t>(tokens_by_id_.size())) return nullptr;
  return tokens_by_id_[id];
}

}  // namespace mcplm
