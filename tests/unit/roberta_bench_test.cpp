#include "mcplm/bench/roberta_bench.h"

#include <gtest/gtest.h>

#include "mcplm/core/error.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/roberta_classifier.h"

using namespace mcplm;

TEST(RobertaBench, TimesASmallModel) {
  RobertaConfig c = roberta_base_config();
  c.vocab_size = 100;
  c.hidden_size = 16;
  c.num_hidden_layers = 1;
  c.num_attention_heads = 2;
  c.intermediate_size = 32;
  RobertaBenchOptions options;
  options.batch_size = 2;
  options.length = 8;
  options.iterations = 1;
  options.method = TuningMethod::Adapter;
  options.adapter_bottleneck = 4;
  RobertaBenchResult r = bench_roberta(c, options);
  EXPECT_GT(r.train_ms, 0);
  EXPECT_GT(r.eval_ms, 0);
  EXPECT_GT(r.parameters, r.trainable);
  // adapters 2 x (16*4 + 4 + 4*16 + 16), LayerNorms 3 x 32, classifier 16*16+16 + 16*2+2.
  EXPECT_EQ(r.trainable, 2 * 148 + 96 + 272 + 34);
  options.adapter_bottleneck = 0;
  EXPECT_THROW(bench_roberta(c, options), InputError);
  EXPECT_THROW(roberta_bench_config("gpt-2"), InputError);
}

TEST(RobertaBench, RobertaBaseHasTheKnownParameterCount) {
  RobertaConfig c = roberta_bench_config("roberta-base");
  RobertaForSequenceClassification model(c);
  // RobertaForSequenceClassification.from_pretrained("roberta-base", num_labels=2).
  EXPECT_EQ(module_params(*model).numel(), 124647170);
}
