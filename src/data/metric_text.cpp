// SQuAD-style string metrics: ACC, EM, QA-F1.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>

#include "mcplm/data/metric_functions.h"
#include "mcplm/text/python_str.h"

namespace mcplm {
namespace {

bool is_ascii_punctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

std::string remove_ascii_punctuation(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    if (!is_ascii_punctuation(c)) out += c;
  return out;
}

// re.sub(r'\b(a|an|the)\b', ' ', text) with Python's Unicode word boundaries.
std::string remove_articles(const std::string& text) {
  struct CodeDeleter {
    void operator()(pcre2_code* code) const { pcre2_code_free(code); }
  };
  static const std::unique_ptr<pcre2_code, CodeDeleter> pattern = [] {
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code =
        pcre2_compile(reinterpret_cast<PCRE2_SPTR>(R"(\b(a|an|the)\b)"), PCRE2_ZERO_TERMINATED,
                      PCRE2_UTF | PCRE2_UCP, &error, &offset, nullptr);
    if (!code) throw std::logic_error("remove_articles: pattern does not compile");
    return std::unique_ptr<pcre2_code, CodeDeleter>(code);
  }();
  std::string out(text.size() + 16, '\0');
  for (;;) {
    PCRE2_SIZE out_size = out.size();
    int rc = pcre2_substitute(
        pattern.get(), reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0,
        PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH | PCRE2_NO_UTF_CHECK, nullptr,
        nullptr, reinterpret_cast<PCRE2_SPTR>(" "), 1, reinterpret_cast<PCRE2_UCHAR*>(out.data()),
        &out_size);
    if (rc >= 0) {
      out.resize(out_size);
      return out;
    }
    if (rc != PCRE2_ERROR_NOMEMORY)
      throw std::runtime_error("remove_articles: substitution failed");
    out.resize(out_size);
  }
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += ' ';
    out += words[i];
  }
  return out;
}

}  // namespace

std::string normalize_answer(const std::string& text) {
  return join_words(py_split(remove_articles(remove_ascii_punctuation(py_lower(text)))));
}

bool accuracy_match(const std::string& prediction, const std::string& answer) {
  return py_lower(prediction) == py_lower(answer);
}

bool exact_match(const std::string& prediction, const std::string& answer) {
  return normalize_answer(prediction) == normalize_answer(answer);
}

double qa_f1(const std::string& prediction, const std::string& answer) {
  std::vector<std::string> predicted = py_split(normalize_answer(prediction));
  std::vector<std::string> gold = py_split(normalize_answer(answer));
  std::map<std::string, long> gold_counts;
  for (const auto& token : gold) ++gold_counts[token];
  long same = 0;
  for (const auto& token : predicted) {
    auto it = gold_counts.find(token);
    if (it != gold_counts.end() && it->second > 0) --it->second, ++same;
  }
  if (same == 0) return 0.0;
  double precision = 1.0 * same / static_cast<double>(predicted.size());
  double recall = 1.0 * same / static_cast<double>(gold.size());
  return (2 * precision * recall) / (precision + recall);
}

double rouge_l_score(const std::string& prediction, const std::string& answer) {
  if (remove_ascii_punctuation(prediction).empty()) return 0.0;
  return rouge_l_f(prediction, answer);
}

}  // namespace mcplm
