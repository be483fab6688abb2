// GPT-2's byte-level BPE (as transformers' GPT2Tokenizer._tokenize): text
// cut by GPT-2's pre-tokenisation pattern, each piece's bytes mapped to
// printable characters, merged by rank, looked up in the vocabulary.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mcplm {

class ByteLevelBpe {
 public:
  // `vocab_file`: JSON object token -> id (vocab.json, encoder.json).
  // `merges_file`: a `#version` line, then one merge "left right" per line
  // (merges.txt, vocab.bpe). InputError naming the file (and the line for
  // merges) when either is malformed.
  ByteLevelBpe(const std::filesystem::path& vocab_file, const std::filesystem::path& merges_file);
  ~ByteLevelBpe();
  ByteLevelBpe(const ByteLevelBpe&) = delete;
  ByteLevelBpe& operator=(const ByteLevelBpe&) = delete;

  // Appends the ids of UTF-8 `text`; a token missing from the vocabulary
  // gets `unknown_id`. InputError when `text` is not valid UTF-8.
  void encode(std::string_view text, int64_t unknown_id, std::vector<int64_t>& ids) const;
  // The bytes `ids` stand for (invalid UTF-8 possible); ids must be known.
  std::string bytes_of(const std::vector<int64_t>& ids) const;

  std::optional<int64_t> token_to_id(const std::string& token) const;
  // The token of `id` ("Ġthe"), nullptr when no token has it.
  const std::string* id_to_token(int64_t id) const;
  // Number of tokens in the vocabulary (transformers' len(encoder)).
  int64_t size() const { return static_cast<int64_t>(vocab_.size()); }

 private:
  struct Merge {
    int32_t rank;
    int32_t result;  // symbol of left+right
  };
  int32_t intern(const std::string& symbol);
  // Ids of one pre-tokenised piece (raw bytes), through the cache.
  void encode_piece(std::string_view piece, int64_t unknown_id, std::vector<int64_t>& ids) const;

  std::unordered_map<std::string, int64_t> vocab_;
  std::vector<const std::string*> tokens_by_id_;  // id -> key in vocab_, nullptr for gaps
  std::vector<std::string> id_bytes_;             // id -> bytes it stands for
  // Symbols: every string that occurs in the merges or is one byte's
  // character; merges work on symbol numbers.
  std::unordered_map<std::string, int32_t> symbol_numbers_;
  std::vector<std::string> symbols_;
  std::vector<int64_t> symbol_ids_;  // symbol -> vocabulary id, -1 when absent
  int32_t byte_symbols_[256] = {};
  std::unordered_map<uint64_t, Merge> merges_;  // (left << 32 | right) -> merge

  struct Pattern;
  std::unique_ptr<Pattern> pattern_;

  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;  // piece -> final symbols
};

}  // namespace mcplm
