// transformers 4.19's T5Tokenizer: SentencePiece plus extra ids
// (`<extra_id_0>` is the highest id), special tokens found in the text first,
// `</s>` appended.
#pragma once
#include <filesystem>
#include <memory>

#include "mcplm/text/sentencepiece.h"
#include "mcplm/text/special_tokens.h"
#include "mcplm/text/tokenizer.h"

namespace mcplm {

class T5Tokenizer : public Tokenizer {
 public:
  // `model_dir` holds spiece.model and, optionally, tokenizer_config.json
  // (extra_ids, special tokens) and special_tokens_map.json.
  explicit T5Tokenizer(const std::filesystem::path& model_dir);

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
  bool is_special(int64_t id) const override { return specials_.contains(id); }
  std::string describe() const override;

 private:
  // A special token's id: `<extra_id_N>` counts down from the top of the
  // extra ids, anything else is a SentencePiece piece.
  int64_t token_to_id(const std::string& token) const;
  // transformers' _add_eos_if_not_present.
  void add_eos(std::vector<int64_t>& ids) const;
  // T5Tokenizer.convert_tokens_to_string on ids.
  std::string decode_run(const std::vector<int64_t>& ids) const;
  std::string decode_beyond_vocabulary(const std::vector<int64_t>& ids) const;

  std::filesystem::path model_file_;
  std::unique_ptr<SentencePieceModel> spm_;
  int64_t extra_ids_ = 100;
  int64_t size_ = 0;
  int64_t pad_id_ = 0, eos_id_ = 1;
  SpecialTokens specials_;
};

}  // namespace mcplm
