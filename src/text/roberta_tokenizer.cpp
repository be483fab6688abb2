#include "mcplm/text/roberta_tokenizer.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/text/special_token_map.h"
#include "mcplm/text/utf8.h"

namespace mcplm {
namespace {

// RobertaTokenizer's defaults: AddedTokens that keep their neighbours'
// whitespace, except `<mask>`, which eats the whitespace on its left.
SpecialTokenMap read_special_tokens(const std::filesystem::path& dir) {
  SpecialTokenMap map;
  auto keep = [](const char* text) { return SpecialTokenSpec{text, false, false, false}; };
  map.set("bos_token", keep("<s>"));
  map.set("eos_token", keep("</s>"));
  map.set("sep_token", keep("</s>"));
  map.set("cls_token", keep("<s>"));
  map.set("unk_token", keep("<unk>"));
  map.set("pad_token", keep("<pad>"));
  map.set("mask_token", {"<mask>", true, false, false});
  for (const char* name : {"tokenizer_config.json", "special_tokens_map.json"}) {
    auto file = dir / name;
    if (auto object = read_json_object_if_exists(file)) map.update(*object, file.string());
  }
  return map;
}

}  // namespace

RobertaTokenizer::RobertaTokenizer(const std::filesystem::path& vocab_file,
                                   const std::filesystem::path& merges_file,
                                   const std::filesystem::path& model_dir)
    : vocab_file_(vocab_file), bpe_(vocab_file, merges_file) {
  SpecialTokenMap map = read_special_tokens(model_dir);
  auto tokens =
      map.resolve([&](const std::string& text) { return bpe_.token_to_id(text); }, bpe_.size());
  size_ = bpe_.size();
  for (const auto& token : tokens) {
    size_ += token.added ? 1 : 0;
    if (token.text == map.get("bos_token")->text) bos_id_ = token.id;
    if (token.text == map.get("pad_token")->text) pad_id_ = token.id;
    if (token.text == map.get("eos_token")->text) eos_id_ = token.id;
    if (token.text == map.get("unk_token")->text) unk_id_ = token.id;
  }
  specials_ = SpecialTokens(std::move(tokens));
}

std::vector<int64_t> RobertaTokenizer::encode_text(const std::string& text) const {
  std::vector<int64_t> ids;
  for (const auto& chunk : specials_.split(text)) {
    if (chunk.special_id >= 0) {
      ids.push_back(chunk.special_id);
    } else {
      bpe_.encode(chunk.text, unk_id_, ids);
    }
  }
  return ids;
}

std::vector<int64_t> RobertaTokenizer::encode(const std::string& text,
                                              std::size_t max_length) const {
  std::vector<int64_t> body = encode_text(text);
  truncate_single(body, 2, max_length);
  std::vector<int64_t> ids{bos_id_};
  ids.insert(ids.end(), body.begin(), body.end());
  ids.push_back(eos_id_);
  return ids;
}

std::vector<int64_t> RobertaTokenizer::encode_pair(const std::string& first,
                                                   const std::string& second,
                                                   std::size_t max_length) const {
  std::vector<int64_t> a = encode_text(first), b = encode_text(second);
  truncate_pair(a, b, 4, max_length);
  std::vector<int64_t> ids{bos_id_};
  ids.insert(ids.end(), a.begin(), a.end());
  ids.push_back(eos_id_);
  ids.push_back(eos_id_);
  ids.insert(ids.end(), b.begin(), b.end());
  ids.push_back(eos_id_);
  return ids;
}

void RobertaTokenizer::check_ids(const std::vector<int64_t>& ids) const {
  for (int64_t id : ids)
    if (!bpe_.id_to_token(id) && !specials_.find(id))
      throw InputError(fmt::format("token id {} is outside the vocabulary (0..{})", id, size_ - 1));
}

std::string RobertaTokenizer::decode(const std::vector<int64_t>& ids, bool skip_special_tokens,
                                     bool clean_up_tokenization_spaces) const {
  check_ids(ids);
  return specials_.decode(
      ids, skip_special_tokens, clean_up_tokenization_spaces,
      [this](const std::vector<int64_t>& run) { return decode_utf8_replace(bpe_.bytes_of(run)); });
}

std::string RobertaTokenizer::id_to_piece(int64_t id) const {
  if (const std::string* token = bpe_.id_to_token(id)) return *token;
  if (const SpecialToken* token = specials_.find(id)) return token->text;
  throw InputError(fmt::format("token id {} is outside the vocabulary (0..{})", id, size_ - 1));
}

std::string RobertaTokenizer::describe() const {
  return fmt::format("byte-level BPE tokenizer ({}): {} tokens, {} ids in all",
                     vocab_file_.string(), bpe_.size(), size_);
}

}  // namespace mcplm
