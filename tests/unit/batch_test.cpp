#include "mcplm/data/batch.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "fake_tokenizer.h"
#include "mcplm/core/error.h"
#include "mcplm/data/encoded_split.h"

using namespace mcplm;
using mcplm::test::FakeTokenizer;

namespace {

TaskFile make_file(std::vector<std::pair<std::string, std::vector<std::string>>> lines) {
  TaskFile file{"t/t_dev.tsv", {}};
  for (std::size_t i = 0; i < lines.size(); ++i)
    file.examples.push_back({i, lines[i].first, lines[i].second});
  return file;
}

torch::Tensor rows(std::vector<std::vector<int64_t>> values) {
  std::vector<torch::Tensor> out;
  for (auto& v : values) out.push_back(torch::tensor(v, torch::kLong));
  return torch::stack(out);
}

}  // namespace

TEST(EncodeT5, FormatsAndTruncates) {
  FakeTokenizer tok;
  TaskFile file = make_file({{"one two three", {"yes"}}, {"four", {"no", "maybe"}}});
  T5EncodeOptions options;
  options.max_input_length = 4;
  EncodedSplit split = encode_t5("t", file, tok, options);
  ASSERT_EQ(split.size(), 2u);
  EXPECT_EQ(split.kind, TargetKind::text);
  // " [t] one two three": words "[t]" "one" "two" "three", cut to 3 + </s>.
  EXPECT_EQ(split.inputs[0],
            (std::vector<int64_t>{tok.id_of("[t]"), tok.id_of("one"), tok.id_of("two"), 1}));
  EXPECT_EQ(split.inputs[1], (std::vector<int64_t>{tok.id_of("[t]"), tok.id_of("four"), 1}));
  ASSERT_EQ(split.targets[1].size(), 2u);
  EXPECT_EQ(split.targets[1][1], (std::vector<int64_t>{tok.id_of("<extra_id_0>maybe"), 1}));
  EXPECT_EQ(split.answer_count(0), 1u);
  EXPECT_EQ(split.answer_count(1), 2u);
}

TEST(Batch, PadsToTheLongestRowAndMasksLabels) {
  EncodedSplit split;
  split.pad_id = 0;
  split.inputs = {{5, 6, 7, 1}, {8, 1}};
  split.targets = {{{20, 1}}, {{21, 22, 23, 1}, {24, 1}}};
  Batch batch = make_batch(split, std::vector<Draw>{{1, 0}, {0, 0}});
  EXPECT_TRUE(torch::equal(batch.input_ids, rows({{8, 1, 0, 0}, {5, 6, 7, 1}})));
  EXPECT_TRUE(torch::equal(batch.attention_mask, rows({{1, 1, 0, 0}, {1, 1, 1, 1}})));
  EXPECT_TRUE(torch::equal(batch.labels, rows({{21, 22, 23, 1}, {20, 1, -100, -100}})));
  EXPECT_TRUE(torch::equal(batch.decoder_attention_mask, rows({{1, 1, 1, 1}, {1, 1, 0, 0}})));
  EXPECT_EQ(batch.examples, (std::vector<std::size_t>{1, 0}));

  Batch other_answer = make_batch(split, std::vector<Draw>{{1, 1}});
  EXPECT_TRUE(torch::equal(other_answer.input_ids, rows({{8, 1}})));  // own longest row
  EXPECT_TRUE(torch::equal(other_answer.labels, rows({{24, 1}})));

  Batch eval = make_batch(split, std::vector<std::size_t>{1});  // first answer
  EXPECT_TRUE(torch::equal(eval.labels, rows({{21, 22, 23, 1}})));
  EXPECT_THROW(make_batch(split, std::vector<Draw>{}), std::invalid_argument);
  EXPECT_THROW(make_batch(split, std::vector<Draw>{{2, 0}}), std::out_of_range);
}

TEST(Batch, LengthSortedEvaluationKeepsResultsInOrder) {
  EncodedSplit split;
  split.inputs = {{1}, {1, 1, 1}, {1, 1}, {1, 1, 1}, {1}};
  split.targets.assign(5, {{1}});
  auto in_file_order = plan_eval_batches(split, 2, false);
  EXPECT_EQ(in_file_order, (std::vector<std::vector<std::size_t>>{{0, 1}, {2, 3}, {4}}));
  auto sorted = plan_eval_batches(split, 2, true);
  EXPECT_EQ(sorted, (std::vector<std::vector<std::size_t>>{{1, 3}, {2, 0}, {4}}));

  // Results computed batch by batch (here: the example's length, as a string).
  std::vector<std::string> results;
  for (const auto& plan_batch : sorted) {
    Batch batch = make_batch(split, plan_batch);
    auto lengths = batch.attention_mask.sum(1);
    for (int64_t b = 0; b < lengths.size(0); ++b)
      results.push_back(std::to_string(lengths[b].item<int64_t>()));
  }
  EXPECT_EQ(in_example_order(sorted, results), (std::vector<std::string>{"1", "3", "2", "3", "1"}));
  EXPECT_THROW(plan_eval_batches(split, 0, true), std::invalid_argument);
}

TEST(EncodeRoberta, PairsLabelsAndRegression) {
  FakeTokenizer tok(/*pad=*/1, /*eos=*/2, /*bos=*/0);
  TaskFile file = make_file({{"premise: a b [SEP] hypothesis: c", {"neutral"}},
                             {"just one sentence", {"entailment", "ignored"}}});
  LabelSpace labels{false, {"contradiction", "entailment", "neutral"}};
  EncodedSplit split = encode_roberta(file, labels, tok, 128);
  EXPECT_EQ(split.kind, TargetKind::class_id);
  EXPECT_EQ(split.pad_id, 1);
  EXPECT_EQ(split.inputs[0],
            (std::vector<int64_t>{0, tok.id_of("premise:"), tok.id_of("a"), tok.id_of("b"), 2, 2,
                                  tok.id_of("hypothesis:"), tok.id_of("c"), 2}));
  EXPECT_EQ(split.inputs[1].size(), 4u);  // "just one sentence" </s>
  EXPECT_EQ(split.class_ids, (std::vector<int64_t>{2, 1}));
  Batch batch = make_batch(split, std::vector<std::size_t>{1, 0});
  EXPECT_EQ(batch.input_ids.sizes(), (std::vector<int64_t>{2, 9}));
  EXPECT_EQ(batch.input_ids[0][5].item<int64_t>(), 1);  // RoBERTa's pad id
  EXPECT_TRUE(torch::equal(batch.labels, torch::tensor({1, 2}, torch::kLong)));
  EXPECT_FALSE(batch.decoder_attention_mask.defined());

  LabelSpace no_neutral{false, {"contradiction", "entailment"}};
  try {
    encode_roberta(file, no_neutral, tok, 128);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "t/t_dev.tsv");
    EXPECT_EQ(e.line(), 1u);
    EXPECT_NE(std::string(e.what()).find("'neutral'"), std::string::npos);
  }

  TaskFile scores = make_file({{"x [SEP] y", {"3.5"}}, {"z", {"0"}}});
  EncodedSplit regression = encode_roberta(scores, LabelSpace{true, {}}, tok, 128);
  EXPECT_EQ(regression.kind, TargetKind::value);
  Batch values = make_batch(regression, std::vector<std::size_t>{0, 1});
  EXPECT_EQ(values.labels.scalar_type(), torch::kFloat);
  EXPECT_TRUE(torch::equal(values.labels, torch::tensor({3.5f, 0.0f})));
}

TEST(EncodeRoberta, SplitsAtTheFirstSeparatorOnly) {
  SentencePair pair = split_sentence_pair("a [SEP] b [SEP] c");
  EXPECT_TRUE(pair.is_pair);
  EXPECT_EQ(pair.first, "a");
  EXPECT_EQ(pair.second, "b [SEP] c");
  EXPECT_FALSE(split_sentence_pair("a[SEP]b").is_pair);
  LabelSpace labels{false, {"a", "c"}};
  EXPECT_EQ(labels.class_id("c"), 1);
  EXPECT_EQ(labels.class_id("b"), -1);
  EXPECT_EQ(labels.num_outputs(), 2u);
}
