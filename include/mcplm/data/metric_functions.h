// The per-line and corpus functions behind evaluate_metric, exactly as the
// original's dataloader/itp_metrics_t5.py (SQuAD normalisation, sklearn,
// scipy, rouge 1.0.1). Inputs are taken as given (no stripping).
#pragma once
#include <string>
#include <vector>

namespace mcplm {

// SQuAD's normalize_answer: lowercase, drop ASCII punctuation, drop the words
// a/an/the (Unicode word boundaries), collapse white space.
std::string normalize_answer(const std::string& text);

// lower(prediction) == lower(answer).
bool accuracy_match(const std::string& prediction, const std::string& answer);
// normalize_answer(prediction) == normalize_answer(answer).
bool exact_match(const std::string& prediction, const std::string& answer);
// SQuAD token F1 on normalised tokens (0 when nothing is shared).
double qa_f1(const std::string& prediction, const std::string& answer);
// rouge 1.0.1 Rouge().get_scores(prediction, answer)["rouge-l"]["f"] on the
// lowercased texts (as the original's metric lowercases), except that an answer with no sentence
// scores 0 instead of raising.
double rouge_l_f(const std::string& prediction, const std::string& answer);
// get_rouge_over_list for one answer: 0 when the prediction has nothing but
// ASCII punctuation, rouge_l_f otherwise.
double rouge_l_score(const std::string& prediction, const std::string& answer);

// sklearn f1_score(gold, predictions, average="macro", labels=unique(gold)).
double macro_f1(const std::vector<std::string>& gold, const std::vector<std::string>& predictions);
// sklearn matthews_corrcoef on two 0/1 label lists.
double matthews_corrcoef(const std::vector<int>& gold, const std::vector<int>& predictions);
// scipy.stats.pearsonr(x, y)[0]: NaN when any value is NaN, an input is
// constant, or there are fewer than two pairs.
double pearson_r(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace mcplm
