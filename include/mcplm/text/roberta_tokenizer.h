// transformers 4.19's RobertaTokenizer: GPT-2 byte-level BPE with `<s>`,
// `</s>`, `<unk>`, `<pad>` and `<mask>` never split, `<s> A </s>` and
// `<s> A </s></s> B </s>`.
#pragma once
#include <filesystem>

#include "mcplm/text/byte_level_bpe.h"
#include "mcplm/text/special_tokens.h"
#include "mcplm/text/tokenizer.h"

namespace mcplm {

class RobertaTokenizer : public Tokenizer {
 public:
  // Special tokens missing from the vocabulary are appended after it, as
  // transformers does (GPT-2's files have none of them). `model_dir`'s
  // tokenizer_config.json / special_tokens_map.json are read when present.
  RobertaTokenizer(const std::filesystem::path& vocab_file,
                   const std::filesystem::path& merges_file,
                   const std::filesystem::path& model_dir);

  std::vector<int64_t> encode_text(const std::string& text) const override;
  std::vector<int64_t> encode(const std::string& text, std::size_t max_length = 0) const override;
  std::vector<int64_t> encode_pair(const std::string& first, const std::string& second,
                                   std::size_t max_length = 0) const override;
  std::string decode(const std::vector<int64_t>& ids, bool skip_special_tokens = true,
                     bool clean_up_tokenization_spaces = true) const override;
  std::string id_to_piece(int64_t id) const override;
  int64_t vocab_size() const override { return size_; }
  int64_t pad_id() const override { return pad_id_; }
  int64_t eos_id() const override { return eos_id_; }
  int64_t bos_id() const { return bos_id_; }
  bool is_special(int64_t id) const override { return specials_.contains(id); }
  std::string describe() const override;

 private:
  void check_ids(const std::vector<int64_t>& ids) const;

  std::filesystem::path vocab_file_;
  ByteLevelBpe bpe_;
  SpecialTokens specials_;
  int64_t size_ = 0;
  int64_t bos_id_ = 0, pad_id_ = 1, eos_id_ = 2, unk_id_ = 3;
};

}  // namespace mcplm
