// The tokenizer interface shared by the T5 (SentencePiece) and RoBERTa
// (byte-level BPE) tokenizers, with transformers 4.19's behaviour. Ids are
// int64 to feed LibTorch directly.
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

  // Ids of `text` alone: special tokens written in the text are recognised
  // (never split), none are added.
  virtual std::vector<int64_t> encode_text(const std::string& text) const = 0;
  // Ids of `text` with the model's special tokens added (T5: `… </s>`;
  // RoBERTa: `<s> … </s>`), truncated to `max_length` (0 = no limit) keeping
  // the closing special token, as transformers does.
  virtual std::vector<int64_t> encode(const std::string& text,
                                      std::size_t max_length = 0) const = 0;
  // A sentence pair (T5: `A </s> B </s>`; RoBERTa: `<s> A </s></s> B </s>`),
  // `longest_first` truncation.
  virtual std::vector<int64_t> encode_pair(const std::string& first, const std::string& second,
                                           std::size_t max_length = 0) const = 0;
  // Text of `ids` as transformers' decode(skip_special_tokens,
  // clean_up_tokenization_spaces). InputError for an id out of range.
  virtual std::string decode(const std::vector<int64_t>& ids, bool skip_special_tokens = true,
                             bool clean_up_tokenization_spaces = true) const = 0;

  // The token of `id` as the vocabulary writes it (`▁the`, `Ġthe`, `</s>`).
  virtual std::string id_to_piece(int64_t id) const = 0;
  // Number of ids (transformers' len(tokenizer)): the vocabulary, extra ids
  // and special tokens appended to it.
  virtual int64_t vocab_size() const = 0;
  virtual int64_t pad_id() const = 0;
  virtual int64_t eos_id() const = 0;
  virtual bool is_special(int64_t id) const = 0;
  // One line saying what this tokenizer is and where it came from.
  virtual std::string describe() const = 0;
};

// The tokenizer of a Hugging Face model directory: `spiece.model` (T5), or
// `vocab.json` + `merges.txt` (RoBERTa; GPT-2's `encoder.json` + `vocab.bpe`
// also do). InputError naming the directory otherwise.
std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& model_dir);

// transformers' truncate_sequences for `max_length` including
// `special_count` special tokens. One sequence: cut its tail, or leave it
// whole when even that cannot fit. A pair (`longest_first`): remove one token
// at a time from the longer, the second on ties.
void truncate_single(std::vector<int64_t>& ids, std::size_t special_count, std::size_t max_length);
void truncate_pair(std::vector<int64_t>& first, std::vector<int64_t>& second,
                   std::size_t special_count, std::size_t max_length);

}  // namespace mcplm
