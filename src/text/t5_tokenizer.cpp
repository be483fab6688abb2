#include "mcplm/text/t5_tokenizer.h"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "mcplm/core/error.h"
#include "mcplm/text/python_str.h"
#include "mcplm/text/special_token_map.h"

namespace mcplm {
namespace {

constexpr std::string_view kExtraIdPrefix = "<extra_id_";

// N of `<extra_id_N>`, or -1.
int64_t extra_id_number(std::string_view token) {
  if (token.substr(0, kExtraIdPrefix.size()) != kExtraIdPrefix) return -1;
  std::string_view rest = token.substr(kExtraIdPrefix.size());
  std::size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  if (digits == 0 || digits > 9 || rest.substr(digits) != ">") return -1;
  return std::stoll(std::string(rest.substr(0, digits)));
}

// T5Tokenizer's default special tokens, then the model directory's
// tokenizer_config.json (checked against extra_ids as T5Tokenizer.__init__
// does) and special_tokens_map.json (applied afterwards, as from_pretrained does).
SpecialTokenMap read_special_tokens(const std::filesystem::path& dir, int64_t& extra_ids) {
  SpecialTokenMap map;
  map.set("eos_token", {"</s>"});
  map.set("unk_token", {"<unk>"});
  map.set("pad_token", {"<pad>"});
  auto config_file = dir / "tokenizer_config.json";
  if (auto config = read_json_object_if_exists(config_file)) {
    map.update(*config, config_file.string());
    if (auto it = config->find("extra_ids"); it != config->end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<int64_t>() < 0)
        throw InputError(config_file.string(), 0, "\"extra_ids\" is not a count");
      extra_ids = it->get<int64_t>();
    }
    if (map.additional() && extra_ids > 0) {
      std::set<std::string> extra;
      for (const auto& spec : *map.additional())
        if (spec.text.find("extra_id") != std::string::npos) extra.insert(spec.text);
      if (static_cast<int64_t>(extra.size()) != extra_ids)
        throw InputError(config_file.string(), 0,
                         fmt::format("extra_ids is {} but additional_special_tokens has {} "
                                     "extra ids",
                                     extra_ids, extra.size()));
    }
  }
  if (!map.additional()) {
    std::vector<SpecialTokenSpec> extra;
    for (int64_t i = 0; i < extra_ids; ++i) extra.push_back({fmt::format("<extra_id_{}>", i)});
    map.set_additional(std::move(extra));
  }
  auto map_file = dir / "special_tokens_map.json";
  if (auto special = read_json_object_if_exists(map_file)) map.update(*special, map_file.string());
  return map;
}

}  // namespace

T5Tokenizer::T5Tokenizer(const std::filesystem::path& model_dir)
    : model_file_(model_dir / "spiece.model"),
      spm_(std::make_unique<SentencePieceModel>(model_file_)) {
  SpecialTokenMap map = read_special_tokens(model_dir, extra_ids_);
  int64_t base_size = spm_->piece_size() + extra_ids_;
  int64_t unk_id = token_to_id(map.get("unk_token")->text);
  const std::string& unk_text = map.get("unk_token")->text;
  auto tokens = map.resolve(
      [&](const std::string& text) -> std::optional<int64_t> {
        int64_t id = token_to_id(text);
        if (id == unk_id && text != unk_text) return std::nullopt;
        return id;
      },
      base_size);
  size_ = base_size;
  for (const auto& token : tokens) size_ += token.added ? 1 : 0;
  specials_ = SpecialTokens(std::move(tokens));
  for (const auto& token : specials_.tokens()) {
    if (token.text == map.get("pad_token")->text) pad_id_ = token.id;
    if (token.text == map.get("eos_token")->text) eos_id_ = token.id;
  }
}

int64_t T5Tokenizer::token_to_id(const std::string& token) const {
  int64_t n = extra_id_number(token);
  if (n >= 0) return spm_->piece_size() + extra_ids_ - n - 1;
  return spm_->piece_to_id(token);
}

std::vector<int64_t> T5Tokenizer::encode_text(const std::string& text) const {
  std::vector<int64_t> ids;
  for (const auto& chunk : specials_.split(text)) {
    if (chunk.special_id >= 0) {
      ids.push_back(chunk.special_id);
    } else {
      spm_->encode(chunk.text, ids);
    }
  }
  return ids;
}

void T5Tokenizer::add_eos(std::vector<int64_t>& ids) const {
  if (ids.empty() || ids.back() != eos_id_) ids.push_back(eos_id_);
}

std::vector<int64_t> T5Tokenizer::encode(const std::string& text, std::size_t max_length) const {
  std::vector<int64_t> ids = encode_text(text);
  truncate_single(ids, 1, max_length);
  add_eos(ids);
  return ids;
}

std::vector<int64_t> T5Tokenizer::encode_pair(const std::string& first, const std::string& second,
                                              std::size_t max_length) const {
  std::vector<int64_t> a = encode_text(first), b = encode_text(second);
  truncate_pair(a, b, 2, max_length);
  add_eos(a);
  add_eos(b);
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::string T5Tokenizer::id_to_piece(int64_t id) const {
  if (id >= 0 && id < spm_->piece_size()) return spm_->id_to_piece(id);
  int64_t base_size = spm_->piece_size() + extra_ids_;
  if (id >= spm_->piece_size() && id < base_size)
    return fmt::format("<extra_id_{}>", base_size - 1 - id);
  if (const SpecialToken* token = specials_.find(id)) return token->text;
  throw InputError(fmt::format("token id {} is outside the vocabulary (0..{})", id, size_ - 1));
}

std::string T5Tokenizer::decode_run(const std::vector<int64_t>& ids) const {
  std::string out;
  std::vector<int64_t> pieces;
  bool beyond_vocabulary = false;
  auto flush = [&] {
    out += beyond_vocabulary ? decode_beyond_vocabulary(pieces) : spm_->decode(pieces);
    pieces.clear();
    beyond_vocabulary = false;
  };
  for (int64_t id : ids) {
    if (specials_.contains(id) || (id >= spm_->piece_size() && id < size_)) {
      flush();
      out += id_to_piece(id) + " ";
    } else {
      beyond_vocabulary = beyond_vocabulary || id >= size_;
      pieces.push_back(id);
    }
  }
  flush();
  return std::string(py_strip(out));
}

std::string T5Tokenizer::decode_beyond_vocabulary(const std::vector<int64_t>& ids) const {
  // t5 checkpoints have more embedding rows than the tokenizer has ids (32128
  // for 32100), so a model can generate such an id. transformers 4.19 names it
  // "<extra_id_{negative}>", which is no special token, and SentencePiece's
  // DecodePieces writes a piece it does not know as itself.
  const int64_t base_size = spm_->piece_size() + extra_ids_;
  std::vector<std::string> pieces;
  for (int64_t id : ids)
    pieces.push_back(id < spm_->piece_size() ? spm_->id_to_piece(id)
                                             : fmt::format("<extra_id_{}>", base_size - 1 - id));
  return spm_->decode_pieces(pieces);
}

std::string T5Tokenizer::decode(const std::vector<int64_t>& ids, bool skip_special_tokens,
                                bool clean_up_tokenization_spaces) const {
  for (int64_t id : ids)
    if (id < 0) throw InputError(fmt::format("token id {} is negative", id));
  return specials_.decode(ids, skip_special_tokens, clean_up_tokenization_spaces,
                          [this](const std::vector<int64_t>& run) { return decode_run(run); });
}

std::string T5Tokenizer::describe() const {
  return fmt::format("T5 SentencePiece tokenizer ({}): {} pieces + {} extra ids, {} ids in all",
                     model_file_.string(), spm_->piece_size(), extra_ids_, size_);
}

}  // namespace mcplm
