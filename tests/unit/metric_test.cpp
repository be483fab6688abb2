#include "mcplm/data/metric.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "mcplm/core/error.h"
#include "mcplm/data/metric_functions.h"
#include "test_util.h"

using namespace mcplm;
using Answers = std::vector<std::vector<std::string>>;

namespace {

double value_of(Metric metric, const std::vector<std::string>& predictions,
                const Answers& answers) {
  return evaluate_metric(metric, predictions, answers).value;
}

}  // namespace

TEST(Metric, MatchesEveryFixtureCase) {
  std::ifstream in(test::fixtures() / "metrics_cases.json");
  ASSERT_TRUE(in) << "tests/fixtures/metrics_cases.json";
  nlohmann::json fixture = nlohmann::json::parse(in);
  ASSERT_GE(fixture["cases"].size(), 7u);
  std::set<std::string> seen;
  for (const auto& c : fixture["cases"]) {
    const std::string name = c["metric"].get<std::string>();
    seen.insert(name);
    MetricResult result =
        evaluate_metric(parse_metric(name), c["predictions"].get<std::vector<std::string>>(),
                        c["answers"].get<Answers>());
    SCOPED_TRACE(name + " " + c["predictions"].dump());
    if (c["value"].is_null()) {
      EXPECT_TRUE(std::isnan(result.value));
    } else {
      EXPECT_NEAR(result.value, c["value"].get<double>(), 1e-9);
    }
    ASSERT_EQ(result.per_example.size(), c["predictions"].size());
    if (!c["raw_score"].is_null()) {
      auto raw = c["raw_score"].get<std::vector<double>>();
      for (std::size_t i = 0; i < raw.size(); ++i)
        EXPECT_NEAR(result.per_example[i], raw[i], 1e-9) << i;
    }
    for (double s : result.per_example) EXPECT_TRUE(s >= 0 && s <= 1) << s;
  }
  EXPECT_EQ(seen.size(), 7u) << "every metric has a fixture case";
}

TEST(Metric, TableAndOverride) {
  EXPECT_EQ(metric_for_task("glue-rte"), Metric::acc);
  EXPECT_EQ(metric_for_task("glue-mnli"), Metric::acc);
  EXPECT_EQ(metric_for_task("anli"), Metric::classification_f1);
  EXPECT_EQ(metric_for_task("glue-cola"), Metric::matthews_correlation);
  EXPECT_EQ(metric_for_task("superglue-record"), Metric::qa_f1);
  EXPECT_EQ(metric_for_task("superglue-multirc"), Metric::em);
  EXPECT_EQ(metric_for_task("app_reviews"), Metric::pearson_correlation);
  EXPECT_EQ(metric_for_task("glue-rte", "Rouge-L"), Metric::rouge_l);
  EXPECT_EQ(metric_for_task("my-task", "EM"), Metric::em);
  try {
    metric_for_task("my-task", "", "data/my-task");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "data/my-task");
    EXPECT_NE(std::string(e.what()).find("--metric"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_metric("accuracy"), InputError);
  for (Metric m : {Metric::acc, Metric::em, Metric::qa_f1, Metric::classification_f1,
                   Metric::matthews_correlation, Metric::pearson_correlation, Metric::rouge_l})
    EXPECT_EQ(parse_metric(metric_name(m)), m);
}

TEST(Metric, AccuracyStripsAndIgnoresCase) {
  MetricResult r = evaluate_metric(Metric::acc, {" Yes ", "no", "maybe"},
                                   {{"yes"}, {"No "}, {"perhaps", "MAYBE"}});
  EXPECT_DOUBLE_EQ(r.value, 1.0);
  EXPECT_EQ(r.per_example, (std::vector<double>{1, 1, 1}));
  EXPECT_DOUBLE_EQ(value_of(Metric::acc, {"yes", "no"}, {{"yes"}, {"yes"}}), 0.5);
}

TEST(Metric, EmptyInputIsNaN) {
  MetricResult r = evaluate_metric(Metric::acc, {}, {});
  EXPECT_TRUE(std::isnan(r.value));
  EXPECT_TRUE(r.per_example.empty());
  EXPECT_THROW(evaluate_metric(Metric::acc, {"a"}, {}), std::invalid_argument);
}

TEST(Metric, SquadNormalisation) {
  EXPECT_EQ(normalize_answer("The  Cat's hat!"), "cats hat");
  EXPECT_EQ(normalize_answer("an apple a day"), "apple day");
  EXPECT_EQ(normalize_answer("Anna thea"), "anna thea");  // whole words only
  // Unicode word boundary: no boundary between é and "the".
  EXPECT_EQ(normalize_answer("\xC3\xA9the the"), "\xC3\xA9the");
  EXPECT_EQ(normalize_answer("a_the"), "athe");  // "_" is punctuation, dropped first
  EXPECT_EQ(normalize_answer("a1 the2 an"), "a1 the2");
  EXPECT_TRUE(exact_match("The Eiffel Tower!", "eiffel tower"));
  EXPECT_FALSE(exact_match("Paris, France", "paris"));
  MetricResult r = evaluate_metric(Metric::em, {"an apple", "pear"}, {{"apple", "x"}, {"Pears"}});
  EXPECT_EQ(r.per_example, (std::vector<double>{1, 0}));
}

TEST(Metric, QaF1CountsSharedTokens) {
  EXPECT_NEAR(qa_f1("a b c", "b c d"), 0.8, 1e-15);  // "a" is an article: [b c] vs [b c d]
  EXPECT_NEAR(qa_f1("x b c", "b c d"), 2.0 / 3, 1e-15);
  EXPECT_NEAR(qa_f1("x x y", "x y y"), 2.0 / 3, 1e-15);  // counted with multiplicity
  EXPECT_EQ(qa_f1("foo", "bar"), 0.0);
  EXPECT_EQ(qa_f1("the", "the"), 0.0);  // nothing left after normalisation
  MetricResult r = evaluate_metric(Metric::qa_f1, {"x b c"}, {{"zzz", "b c d"}});
  EXPECT_NEAR(r.per_example[0], 2.0 / 3, 1e-15);
}

TEST(Metric, MacroF1OverGoldLabels) {
  EXPECT_NEAR(macro_f1({"a", "a", "b"}, {"a", "b", "b"}), 2.0 / 3, 1e-15);
  // b and c never predicted: F1 0 each; a: precision 1/3, recall 1.
  EXPECT_NEAR(macro_f1({"a", "b", "c"}, {"a", "a", "a"}), 0.5 / 3, 1e-15);
  // A predicted label that is never gold does not count as a class.
  EXPECT_NEAR(macro_f1({"a", "b"}, {"a", "zzz"}), 0.5, 1e-15);
  MetricResult r = evaluate_metric(Metric::classification_f1, {"A", "b"}, {{"a"}, {"b"}});
  EXPECT_NEAR(r.value, 0.5, 1e-15);                       // F1 is case-sensitive ...
  EXPECT_EQ(r.per_example, (std::vector<double>{1, 1}));  // ... per-example correctness is not
}

TEST(Metric, MatthewsCorrelation) {
  EXPECT_NEAR(matthews_corrcoef({1, 1, 0, 0}, {1, 0, 0, 0}), 2.0 / std::sqrt(12.0), 1e-15);
  EXPECT_EQ(matthews_corrcoef({1, 1, 1}, {1, 1, 1}), 0.0);
  EXPECT_NEAR(matthews_corrcoef({1, 0}, {0, 1}), -1.0, 1e-15);
  MetricResult r = evaluate_metric(
      Metric::matthews_correlation, {"acceptable", "unacceptable", "unacceptable", "Acceptable"},
      {{"acceptable"}, {"acceptable"}, {"unacceptable"}, {"unacceptable"}});
  EXPECT_NEAR(r.value, 2.0 / std::sqrt(12.0), 1e-15);  // "Acceptable" is not "acceptable"
  EXPECT_EQ(r.per_example, (std::vector<double>{1, 0, 1, 0}));
}

TEST(Metric, PearsonCorrelation) {
  EXPECT_NEAR(pearson_r({1, 2, 3}, {2, 4, 6}), 1.0, 1e-15);
  EXPECT_NEAR(pearson_r({1, 2, 3}, {3, 2, 1}), -1.0, 1e-15);
  EXPECT_NEAR(pearson_r({1, 2, 3, 4}, {1, 3, 2, 4}), 0.8, 1e-15);
  EXPECT_EQ(pearson_r({1, 2}, {5, 3}), -1.0);
  EXPECT_TRUE(std::isnan(pearson_r({1}, {1})));
  EXPECT_TRUE(std::isnan(pearson_r({1, 1, 1}, {1, 2, 3})));
  EXPECT_TRUE(std::isnan(pearson_r({1, 2, 3}, {1, NAN, 3})));
  MetricResult r =
      evaluate_metric(Metric::pearson_correlation, {"1", "2.0", "three"}, {{"1"}, {"2"}, {"3"}});
  EXPECT_TRUE(std::isnan(r.value));  // an unparsable prediction
  EXPECT_EQ(r.per_example, (std::vector<double>{1, 0, 0}));
}

TEST(Metric, RougeLAsRouge101) {
  const double eps = 1e-8;
  EXPECT_NEAR(rouge_l_f("the cat", "the cat"), 2 * (1 / (2 + eps)), 1e-15);
  EXPECT_NEAR(rouge_l_f("a b c d", "a c"), 2 * (0.5 / (1.5 + eps)), 1e-15);
  // Sentences split at '.', union LCS over them.
  EXPECT_NEAR(rouge_l_f("a b. c d", "a d"), 2 * (0.5 / (1.5 + eps)), 1e-15);
  // The LCS walk-back prefers "left" on ties: {a, b}, not {a}.
  EXPECT_NEAR(rouge_l_f("a b a", "a a b"), 2 * (1 / (2 + eps)), 1e-15);
  // A blank sentence contributes the word "".
  EXPECT_NEAR(rouge_l_f("x. . y", "x y"), 2 * ((2.0 / 3) / (5.0 / 3 + eps)), 1e-15);
  // Words are lowercased, as the original's metric (rouge 1.0.1 alone would score 0.5).
  EXPECT_NEAR(rouge_l_f("The Cat", "the cat"), 2 * (1 / (2 + eps)), 1e-15);
  EXPECT_EQ(rouge_l_f("cat", "..."), 0.0);  // no reference sentence
  EXPECT_EQ(rouge_l_score("...!?", "anything"), 0.0);
  MetricResult r = evaluate_metric(Metric::rouge_l, {"a b c d", "..."}, {{"zz", "a c"}, {"x"}});
  EXPECT_NEAR(r.per_example[0], 2 * (0.5 / (1.5 + eps)), 1e-15);
  EXPECT_EQ(r.per_example[1], 0.0);
  EXPECT_NEAR(r.value, (2 * (0.5 / (1.5 + eps))) / 2, 1e-15);
}
