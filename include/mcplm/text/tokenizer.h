// The tokenizer interface shared by the T5 (SentencePiece) and RoBERTa
// (byte-level BPE) tokenizers. Ids are int64 to feed LibTorch directly.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace mcplm {

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // Ids of `text` with the model's special tokens added (T5: `… </s>`;
  // RoBERTa: `<s> … </s>`), truncated to `max_length` (0 = no limit) keeping
  // the closing special token, as transformers does.
  virtual std::vector<int64_t> encode(const std::string& text,
                                      std::size_t max_length = 0) const = 0;
  // A sentence pair (RoBERTa: `<s> A </s></s> B </s>`, `longest_first`
  // truncation). T5 has no pair layout and throws std::logic_error.
  virtual std::vector<int64_t> encode_pair(const std::string& first, const std::string& second,
                                           std::size_t max_length = 0) const = 0;
  // Text of `ids` as transformers' decode(skip_special_tokens,
  // clean_up_tokenization_spaces).
  virtual std::string decode(const std::vector<int64_t>& ids, bool skip_special_tokens = true,
                             bool clean_up_tokenization_spaces = true) const = 0;

  virtual std::string id_to_piece(int64_t id) const = 0;
  virtual int64_t vocab_size() const = 0;
  virtual int64_t pad_id() const = 0;
  virtual int64_t eos_id() const = 0;
};

// The tokenizer of a Hugging Face model directory: `spiece.model` (T5) or
// `vocab.json` + `merges.txt` (RoBERTa). InputError naming the file otherwise.
std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& model_dir);

}  // namespace mcplm
