#include "mcplm/text/special_token_map.h"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "mcplm/core/error.h"

namespace mcplm {
namespace {

// transformers' SPECIAL_TOKENS_ATTRIBUTES, in order (additional ones last).
constexpr std::array<const char*, 7> kAttributes{"bos_token", "eos_token", "unk_token", "sep_token",
                                                 "pad_token", "cls_token", "mask_token"};

SpecialTokenSpec parse_spec(const nlohmann::json& value, const std::string& key,
                            const std::string& file) {
  if (value.is_string()) return {value.get<std::string>()};
  if (value.is_object() && value.contains("content") && value["content"].is_string()) {
    SpecialTokenSpec spec{value["content"].get<std::string>(), false, false, false};
    if (auto it = value.find("lstrip"); it != value.end() && it->is_boolean()) spec.lstrip = *it;
    if (auto it = value.find("rstrip"); it != value.end() && it->is_boolean()) spec.rstrip = *it;
    return spec;
  }
  throw InputError(file, 0, fmt::format("\"{}\" is neither a string nor a token object", key));
}

}  // namespace

void SpecialTokenMap::set(const std::string& attribute, SpecialTokenSpec spec) {
  named_[attribute] = std::move(spec);
}

const SpecialTokenSpec* SpecialTokenMap::get(const std::string& attribute) const {
  auto it = named_.find(attribute);
  return it == named_.end() ? nullptr : &it->second;
}

void SpecialTokenMap::update(const nlohmann::json& object, const std::string& file) {
  for (const char* attribute : kAttributes) {
    auto it = object.find(attribute);
    if (it == object.end() || it->is_null()) continue;
    set(attribute, parse_spec(*it, attribute, file));
  }
  auto it = object.find("additional_special_tokens");
  if (it == object.end() || it->is_null()) return;
  if (!it->is_array()) throw InputError(file, 0, "\"additional_special_tokens\" is not a list");
  std::vector<SpecialTokenSpec> tokens;
  for (const auto& value : *it)
    tokens.push_back(parse_spec(value, "additional_special_tokens", file));
  additional_ = std::move(tokens);
}

std::vector<SpecialToken> SpecialTokenMap::resolve(
    const std::function<std::optional<int64_t>(const std::string&)>& vocab_id,
    int64_t first_added_id) const {
  std::vector<const SpecialTokenSpec*> specs;
  for (const char* attribute : kAttributes)
    if (const auto* spec = get(attribute)) specs.push_back(spec);
  if (additional_)
    for (const auto& spec : *additional_) specs.push_back(&spec);

  const SpecialTokenSpec* unk = get("unk_token");
  // Each text once; an AddedToken's flags win over a plain string's.
  std::vector<SpecialToken> tokens;
  std::unordered_map<std::string, std::size_t> index;
  int64_t next_added = first_added_id;
  for (const auto* spec : specs) {
    auto [it, fresh] = index.emplace(spec->text, tokens.size());
    if (!fresh) {
      if (!spec->plain) {
        tokens[it->second].lstrip = spec->lstrip;
        tokens[it->second].rstrip = spec->rstrip;
      }
      continue;
    }
    SpecialToken token{spec->text, 0, spec->lstrip, spec->rstrip, false};
    if (auto id = vocab_id(spec->text)) {
      token.id = *id;
    } else {
      token.added = true;
      if (!unk || spec->text != unk->text) token.id = next_added++;
    }
    tokens.push_back(std::move(token));
  }
  // transformers never adds a missing unk_token (its id stays None); here it
  // comes last, leaving the others' ids as transformers gives them.
  for (auto& token : tokens)
    if (unk && token.added && token.text == unk->text) token.id = next_added++;
  return tokens;
}

std::optional<nlohmann::json> read_json_object_if_exists(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "cannot open");
  nlohmann::json object = nlohmann::json::parse(in, nullptr, false);
  if (object.is_discarded()) throw InputError(path.string(), 0, "not valid JSON");
  if (!object.is_object()) throw InputError(path.string(), 0, "not a JSON object");
  return object;
}

}  // namespace mcplm
