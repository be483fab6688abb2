// The special tokens a transformers tokenizer is configured with
// (bos_token … mask_token, additional_special_tokens), read from a model
// directory's tokenizer_config.json / special_tokens_map.json, and the ids
// they resolve to.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mcplm/text/special_tokens.h"

namespace mcplm {

// A special token as configured: a plain string (strips both neighbours) or
// an AddedToken object with its own lstrip/rstrip flags.
struct SpecialTokenSpec {
  std::string text;
  bool lstrip = true;
  bool rstrip = true;
  bool plain = true;
};

class SpecialTokenMap {
 public:
  // `attribute`: bos_token, eos_token, unk_token, sep_token, pad_token,
  // cls_token or mask_token.
  void set(const std::string& attribute, SpecialTokenSpec spec);
  const SpecialTokenSpec* get(const std::string& attribute) const;
  void set_additional(std::vector<SpecialTokenSpec> tokens) { additional_ = std::move(tokens); }
  const std::optional<std::vector<SpecialTokenSpec>>& additional() const { return additional_; }

  // Takes the special-token entries of a tokenizer_config.json or
  // special_tokens_map.json object; InputError naming `file` for a malformed one.
  void update(const nlohmann::json& object, const std::string& file);

  // transformers' all_special_tokens_extended (attributes in order, then the
  // additional tokens, each text once) with ids: `vocab_id` gives a token's
  // id in the vocabulary, nullopt when it is not there; such tokens are
  // appended from `first_added_id` on, in order.
  std::vector<SpecialToken> resolve(
      const std::function<std::optional<int64_t>(const std::string&)>& vocab_id,
      int64_t first_added_id) const;

 private:
  std::map<std::string, SpecialTokenSpec> named_;
  std::optional<std::vector<SpecialTokenSpec>> additional_;
};

// The JSON object in `path`, or nullopt when the file does not exist.
// InputError naming the file when it is unreadable or not a JSON object.
std::optional<nlohmann::json> read_json_object_if_exists(const std::filesystem::path& path);

}  // namespace mcplm
