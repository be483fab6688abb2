#include "mcplm/text/special_tokens.h"

#include <array>
#include <utility>

#include "mcplm/text/python_str.h"

namespace mcplm {

std::string clean_up_tokenization(std::string text) {
  static const std::array<std::pair<std::string_view, std::string_view>, 10> kReplacements{{
      {" .", "."},
      {" ?", "?"},
      {" !", "!"},
      {" ,", ","},
      {" ' ", "'"},
      {" n't", "n't"},
      {" 'm", "'m"},
      {" 's", "'s"},
      {" 've", "'ve"},
      {" 're", "'re"},
  }};
  for (const auto& [from, to] : kReplacements) {
    std::string out;
    out.reserve(text.size());
    std::size_t start = 0, found;
    while ((found = text.find(from, start)) != std::string::npos) {
      out.append(text, start, found - start);
      out.append(to);
      start = found + from.size();
    }
    out.append(text, start);
    text = std::move(out);
  }
  return text;
}

SpecialTokens::SpecialTokens(std::vector<SpecialToken> tokens) : tokens_(std::move(tokens)) {
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    by_id_.emplace(tokens_[i].id, i);
    if (!tokens_[i].text.empty())
      starts_token_[static_cast<unsigned char>(tokens_[i].text[0])] = true;
  }
}

const SpecialToken* SpecialTokens::find(int64_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &tokens_[it->second];
}

std::vector<TextChunk> SpecialTokens::split(std::string_view text) const {
  // Cut: text pieces and the tokens between them, as transformers' Trie does.
  struct Piece {
    std::string_view text;
    const SpecialToken* token;
  };
  std::vector<Piece> pieces;
  std::size_t start = 0, i = 0;
  while (i < text.size()) {
    const SpecialToken* longest = nullptr;
    if (starts_token_[static_cast<unsigned char>(text[i])]) {
      for (const auto& token : tokens_) {
        if (!token.text.empty() && text.compare(i, token.text.size(), token.text) == 0 &&
            (!longest || token.text.size() > longest->text.size()))
          longest = &token;
      }
    }
    if (!longest) {
      ++i;
      continue;
    }
    if (i > start) pieces.push_back({text.substr(start, i - start), nullptr});
    pieces.push_back({text.substr(i, longest->text.size()), longest});
    i += longest->text.size();
    start = i;
  }
  if (start < text.size()) pieces.push_back({text.substr(start), nullptr});

  // Strip the neighbours of each token, then drop what became empty.
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    const SpecialToken* token = pieces[k].token;
    if (!token) continue;
    if (token->rstrip && k + 1 < pieces.size() && !pieces[k + 1].token)
      pieces[k + 1].text = py_lstrip(pieces[k + 1].text);
    if (token->lstrip && k > 0 && !pieces[k - 1].token)
      pieces[k - 1].text = py_rstrip(pieces[k - 1].text);
  }
  std::vector<TextChunk> chunks;
  chunks.reserve(pieces.size());
  for (const auto& piece : pieces) {
    if (piece.token) {
      chunks.push_back({piece.text, piece.token->id});
    } else if (!piece.text.empty()) {
      chunks.push_back({piece.text, -1});
    }
  }
  return chunks;
}

std::string SpecialTokens::decode(
    const std::vector<int64_t>& ids, bool skip_special_tokens, bool clean_up_tokenization_spaces,
    const std::function<std::string(const std::vector<int64_t>&)>& decode_run) const {
  std::vector<std::string> pieces;
  std::vector<int64_t> run;
  for (int64_t id : ids) {
    const SpecialToken* token = find(id);
    if (token && skip_special_tokens) continue;
    if (token && token->added) {
      if (!run.empty()) pieces.push_back(decode_run(run));
      run.clear();
      pieces.push_back(token->text);
    } else {
      run.push_back(id);
    }
  }
  if (!run.empty()) pieces.push_back(decode_run(run));
  std::string text;
  for (std::size_t k = 0; k < pieces.size(); ++k) text += (k ? " " : "") + pieces[k];
  return clean_up_tokenization_spaces ? clean_up_tokenization(std::move(text)) : text;
}

}  // namespace mcplm
