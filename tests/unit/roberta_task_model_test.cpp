// RoBERTa as a TaskModel: label sets, heads, methods, regression.
#include "mcplm/model/roberta_task_model.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>

#include "mcplm/core/error.h"
#include "mcplm/data/batch.h"
#include "mcplm/data/task.h"
#include "mcplm/model/model_setup.h"
#include "test_util.h"

namespace mcplm {
namespace {

namespace fs = std::filesystem;

const fs::path kToyTask = test::toy_dir() / "toy-sentiment";

ModelSetup tiny_setup(TuningMethod method = TuningMethod::Model) {
  ModelSetup setup;
  setup.model_dir = test::fixtures() / "roberta-tiny";
  setup.method = method;
  return setup;
}

// A task directory `name` whose three files hold `lines`.
fs::path write_task(const std::string& name, const std::string& lines) {
  fs::path dir = test::temp_dir("task") / name;
  fs::create_directories(dir);
  for (const char* role : {"train", "dev", "test"})
    std::ofstream(dir / (name + "_" + role + ".tsv")) << lines;
  return dir;
}

Batch first_rows(const EncodedSplit& split, std::size_t n) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < n; ++i) rows.push_back(i);
  return make_batch(split, rows);
}

TEST(RobertaTaskModel, ClassifiesIntoTheTaskLabels) {
  Task task = load_task(kToyTask);
  ASSERT_EQ(task.train_labels, (std::vector<std::string>{"negative", "not_sure", "positive"}));
  auto model = load_task_model(tiny_setup(), task);
  EXPECT_EQ(model->family(), ModelFamily::Roberta);
  EXPECT_EQ(model->load_message(), "");  // the fixture's head has 3 labels: kept
  EncodedSplit dev = model->encode(task.dev);
  EXPECT_EQ(dev.kind, TargetKind::class_id);
  ASSERT_EQ(dev.size(), task.dev.examples.size());
  Batch batch = first_rows(dev, 6);

  model->module().eval();
  BatchEvaluation out = model->evaluate(batch);
  EXPECT_TRUE(std::isfinite(out.loss));
  ASSERT_EQ(out.predictions.size(), 6u);
  auto& roberta = dynamic_cast<RobertaTaskModel&>(*model).roberta();
  torch::Tensor logits;
  {
    torch::NoGradGuard no_grad;
    logits = roberta.forward(batch.input_ids, batch.attention_mask).logits;  // [6, 3]
  }
  for (int64_t row = 0; row < 6; ++row)
    EXPECT_EQ(out.predictions[row], task.train_labels[logits[row].argmax().item<int64_t>()]);

  torch::Tensor probs = model->label_probabilities(batch, task.train_labels);  // [6, 3]
  EXPECT_TRUE(torch::allclose(probs, torch::softmax(logits.to(torch::kDouble), 1), 1e-6, 1e-9));
  // Columns follow the names asked for, renormalised over them.
  torch::Tensor two = model->label_probabilities(batch, {"positive", "negative"});  // [6, 2]
  torch::Tensor expected = probs.index_select(1, torch::tensor({2, 0}));
  EXPECT_TRUE(torch::allclose(two, expected / expected.sum(1, true), 1e-6, 1e-9));
  EXPECT_THROW(model->label_probabilities(batch, {"neutral"}), InputError);

  model->module().train();
  torch::Tensor loss = model->loss(batch);
  loss.backward();
  EXPECT_TRUE(roberta.classifier->out_proj->weight.grad().defined());
}

TEST(RobertaTaskModel, AdapterMethodTunesAdaptersLayerNormsAndTheClassifier) {
  Task task = load_task(kToyTask);
  ModelSetup setup = tiny_setup(TuningMethod::Adapter);
  setup.roberta_adapter_size = 8;
  setup.init_seed = 5;
  auto model = load_task_model(setup, task);
  EXPECT_NE(model->load_message().find("new adapters"), std::string::npos) << model->load_message();
  ParamSet tuned = model->tuned_parameters();
  EXPECT_EQ(
      tuned.at("roberta.encoder.layer.0.attention.adapter.modulelist.down_proj.weight").sizes(),
      (std::vector<int64_t>{8, 32}));
  EXPECT_TRUE(tuned.contains("roberta.embeddings.LayerNorm.weight"));
  EXPECT_TRUE(tuned.contains("roberta.encoder.layer.1.output.LayerNorm.bias"));
  EXPECT_TRUE(tuned.contains("classifier.out_proj.weight"));
  EXPECT_FALSE(tuned.contains("roberta.encoder.layer.0.attention.self.query.weight"));
  EXPECT_FALSE(tuned.contains("roberta.embeddings.word_embeddings.weight"));

  // assign writes in place: the tuned set shares storage with the model.
  ParamSet zeros;
  zeros.set("classifier.out_proj.bias", torch::full({3}, 0.5));
  model->assign(zeros, "zeros");
  EXPECT_TRUE(torch::equal(tuned.at("classifier.out_proj.bias"), torch::full({3}, 0.5)));
  ParamSet wrong;
  wrong.set("classifier.out_proj.bias", torch::zeros({2}));
  EXPECT_THROW(model->assign(wrong, "wrong"), InputError);
}

TEST(RobertaTaskModel, ANewLabelSetGetsAFreshSeededHead) {
  TaskOptions options;
  options.metric = "ACC";
  Task task = load_task(write_task("two-way", "a good day\tyes\na bad day\tno\n"), options);
  ModelSetup setup = tiny_setup();
  setup.init_seed = 7;
  auto a = load_task_model(setup, task);
  auto b = load_task_model(setup, task);
  setup.init_seed = 8;
  auto c = load_task_model(setup, task);
  EXPECT_NE(a->load_message().find("initialised a new classification head"), std::string::npos)
      << a->load_message();
  torch::Tensor wa = a->tuned_parameters().at("classifier.out_proj.weight");
  EXPECT_EQ(wa.size(0), 2);
  EXPECT_TRUE(torch::equal(wa, b->tuned_parameters().at("classifier.out_proj.weight")));
  EXPECT_FALSE(torch::equal(wa, c->tuned_parameters().at("classifier.out_proj.weight")));
  // The whole head is new; the encoder still comes from the checkpoint.
  EXPECT_FALSE(torch::equal(a->tuned_parameters().at("classifier.dense.weight"),
                            c->tuned_parameters().at("classifier.dense.weight")));
  const std::string query = "roberta.encoder.layer.0.attention.self.query.weight";
  EXPECT_TRUE(torch::equal(a->tuned_parameters().at(query), c->tuned_parameters().at(query)));
}

TEST(RobertaTaskModel, RegressionPredictsValuesThePearsonMetricReads) {
  TaskOptions options;
  options.metric = "Pearson-Correlation";
  Task task = load_task(write_task("similarity", "a [SEP] b\t1.5\nc [SEP] d\t3.25\ne [SEP] f\t0\n"),
                        options);
  auto model = load_task_model(tiny_setup(), task);
  EncodedSplit dev = model->encode(task.dev);
  EXPECT_EQ(dev.kind, TargetKind::value);
  Batch batch = first_rows(dev, 3);
  model->module().eval();
  BatchEvaluation out = model->evaluate(batch);
  auto& roberta = dynamic_cast<RobertaTaskModel&>(*model).roberta();
  EXPECT_EQ(roberta.config().num_labels, 1);
  torch::NoGradGuard no_grad;
  torch::Tensor values = roberta.forward(batch.input_ids, batch.attention_mask).logits;  // [3, 1]
  ASSERT_EQ(out.predictions.size(), 3u);
  for (int64_t row = 0; row < 3; ++row)
    EXPECT_EQ(std::stof(out.predictions[row]), values[row][0].item<float>())
        << out.predictions[row];
  const double mse =
      (values.squeeze(1) - torch::tensor({1.5, 3.25, 0.0})).pow(2).mean().item<double>();
  EXPECT_NEAR(out.loss, mse, 1e-5);
  EXPECT_THROW(model->label_probabilities(batch, {"1.5"}), InputError);
}

}  // namespace
}  // namespace mcplm
