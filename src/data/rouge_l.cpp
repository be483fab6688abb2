// ROUGE-L F as rouge 1.0.1 (pltrdy) computes it, on lowercased text (the
// original's metric lowercases both sides first): summary-level union LCS over
// sentences split at '.', with
// words compared as sets ("exclusive" mode).
#include <set>
#include <string>
#include <vector>

#include "mcplm/data/metric_functions.h"
#include "mcplm/text/python_str.h"

namespace mcplm {
namespace {

using Words = std::vector<std::string>;

// [" ".join(s.split()) for s in text.split(".") if len(s) > 0]
std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = text.find('.', start);
    std::string piece =
        text.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!piece.empty()) {
      std::string joined;
      for (const auto& word : py_split(piece)) joined += (joined.empty() ? "" : " ") + word;
      out.push_back(joined);
    }
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

// sentence.split(" "); sentences hold single spaces only, "" gives [""].
Words words_of(const std::string& sentence) {
  Words words;
  std::size_t start = 0;
  for (;;) {
    std::size_t space = sentence.find(' ', start);
    words.push_back(
        sentence.substr(start, space == std::string::npos ? std::string::npos : space - start));
    if (space == std::string::npos) return words;
    start = space + 1;
  }
}

// The words of the LCS of x and y, walked back from the end as rouge's
// _recon_lcs does: match, else up when the upper cell is larger, else left.
std::vector<std::string> lcs_words(const Words& x, const Words& y) {
  const std::size_t n = x.size(), m = y.size();
  std::vector<std::vector<int>> table(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j)
      table[i][j] = x[i - 1] == y[j - 1] ? table[i - 1][j - 1] + 1
                                         : std::max(table[i - 1][j], table[i][j - 1]);
  std::vector<std::string> out;
  for (std::size_t i = n, j = m; i > 0 && j > 0;) {
    if (x[i - 1] == y[j - 1]) {
      out.push_back(x[i - 1]);
      --i, --j;
    } else if (table[i - 1][j] > table[i][j - 1]) {
      --i;
    } else {
      --j;
    }
  }
  return out;
}

std::size_t distinct_words(const std::vector<std::string>& sentence_list) {
  std::set<std::string> words;
  for (const auto& s : sentence_list)
    for (auto& w : words_of(s)) words.insert(std::move(w));
  return words.size();
}

}  // namespace

double rouge_l_f(const std::string& prediction, const std::string& answer) {
  // LCS on lowercased words, as the original's metric (rouge 1.0.1 itself keeps case).
  std::vector<std::string> evaluated = sentences(py_lower(prediction));
  std::vector<std::string> reference = sentences(py_lower(answer));
  if (evaluated.empty() || reference.empty()) return 0.0;

  const double m = static_cast<double>(distinct_words(reference));
  const double n = static_cast<double>(distinct_words(evaluated));
  std::set<std::string> lcs_union;
  for (const auto& ref_sentence : reference) {
    Words ref_words = words_of(ref_sentence);
    for (const auto& eval_sentence : evaluated)
      for (auto& w : lcs_words(ref_words, words_of(eval_sentence))) lcs_union.insert(std::move(w));
  }
  const double llcs = static_cast<double>(lcs_union.size());
  const double r = llcs / m;
  const double p = llcs / n;
  return 2.0 * ((p * r) / (p + r + 1e-8));
}

}  // namespace mcplm
