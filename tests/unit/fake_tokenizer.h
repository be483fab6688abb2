// A word-level Tokenizer for data tests: each distinct space-separated word
// gets the next free id; `encode` appends EOS and truncates keeping it.
#pragma once
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "mcplm/text/tokenizer.h"

namespace mcplm::test {

class FakeTokenizer : public Tokenizer {
 public:
  FakeTokenizer(int64_t pad = 0, int64_t eos = 1, int64_t bos = 2)
      : pad_(pad), eos_(eos), bos_(bos) {}

  std::vector<int64_t> encode_text(const std::string& text) const override { return words(text); }
  std::vector<int64_t> encode(const std::string& text, std::size_t max_length = 0) const override {
    std::vector<int64_t> ids = words(text);
    if (max_length && ids.size() + 1 > max_length) ids.resize(max_length - 1);
    ids.push_back(eos_);
    return ids;
  }
  // <s> A </s></s> B </s>, longest_first truncation.
  std::vector<int64_t> encode_pair(const std::string& first, const std::string& second,
                                   std::size_t max_length = 0) const override {
    std::vector<int64_t> a = words(first), b = words(second);
    while (max_length && a.size() + b.size() + 4 > max_length && (a.size() || b.size()))
      (a.size() > b.size() ? a : b).pop_back();
    std::vector<int64_t> ids{bos_};
    ids.insert(ids.end(), a.begin(), a.end());
    ids.insert(ids.end(), {eos_, eos_});
    ids.insert(ids.end(), b.begin(), b.end());
    ids.push_back(eos_);
    return ids;
  }
  std::string decode(const std::vector<int64_t>&, bool = true, bool = true) const override {
    throw std::logic_error("FakeTokenizer::decode");
  }
  std::string id_to_piece(int64_t id) const override {
    for (const auto& [word, word_id] : vocab_)
      if (word_id == id) return word;
    return "";
  }
  int64_t vocab_size() const override {
    return first_word_id + static_cast<int64_t>(vocab_.size());
  }
  int64_t pad_id() const override { return pad_; }
  int64_t eos_id() const override { return eos_; }
  bool is_special(int64_t id) const override { return id == pad_ || id == eos_ || id == bos_; }
  std::string describe() const override { return "fake word-level tokenizer"; }

  int64_t id_of(const std::string& word) const { return vocab_.at(word); }

  static constexpr int64_t first_word_id = 10;

 private:
  std::vector<int64_t> words(const std::string& text) const {
    std::vector<int64_t> ids;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t space = text.find(' ', start);
      if (space == std::string::npos) space = text.size();
      if (space > start) {
        std::string word = text.substr(start, space - start);
        auto it = vocab_.emplace(word, first_word_id + static_cast<int64_t>(vocab_.size())).first;
        ids.push_back(it->second);
      }
      start = space + 1;
    }
    return ids;
  }

  int64_t pad_, eos_, bos_;
  mutable std::map<std::string, int64_t> vocab_;
};

}  // namespace mcplm::test
