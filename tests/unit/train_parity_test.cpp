// Three updates of the original's adapter recipe (Adafactor lr 5e-3 fixed,
// clip 0.01, dropout 0) through the trainer's own update step, against the
// original code's results (tests/fixtures/t5_adapter_train3.safetensors), on
// test::device().
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/io/safetensors.h"
#include "mcplm/model/t5_load.h"
#include "mcplm/model/t5_task_model.h"
#include "mcplm/train/adafactor.h"
#include "mcplm/train/update_step.h"
#include "test_util.h"

using namespace mcplm;

TEST(TrainParity, ThreeAdapterUpdatesMatchTheOriginal) {
  torch::set_num_threads(1);
  auto fx = test::fixtures();
  auto t5 = load_t5_with_adapters(fx / "t5-tiny", fx / "t5_adapter_weights.safetensors");
  ModelSetup setup;
  setup.model_dir = fx / "t5-tiny";
  setup.method = TuningMethod::Adapter;
  setup.device = test::device();
  t5->to(setup.device);
  T5TaskModel model(t5, load_tokenizer(fx / "t5-tiny"), setup, "test");
  model.module().eval();  // dropout 0

  ParamSet tuned = model.tuned_parameters();
  ASSERT_EQ(tuned.size(), 20u);  // (2 encoder blocks x 2 + 2 decoder blocks x 3) x {A, B}
  for (auto& p : model.module().parameters()) p.set_requires_grad(false);
  std::vector<torch::Tensor> params;
  std::vector<NamedParamGroup> groups;  // one group per adapter tensor, as the original
  for (const auto& [name, p] : tuned) {
    p.set_requires_grad(true);
    params.push_back(p);
    ParamSet one;
    one.set(name, p);
    groups.push_back({one, 0.0});
  }
  Adafactor optimizer(groups, AdafactorOptions::external(5e-3));

  ParamSet batch_tensors = read_safetensors(fx / "t5_forward.safetensors").tensors;
  Batch batch;
  batch.input_ids = batch_tensors.at("input_ids");
  batch.attention_mask = batch_tensors.at("attention_mask");
  batch.labels = batch_tensors.at("labels");
  batch.decoder_attention_mask = batch_tensors.at("decoder_attention_mask");

  SafetensorsFile expected = read_safetensors(fx / "t5_adapter_train3.safetensors");
  torch::Tensor losses = expected.tensors.at("losses");
  for (int step = 0; step < 3; ++step) {
    UpdateResult r = train_update(model, {MicroBatchShare{batch}}, optimizer, params, 0.01, 5e-3);
    const double want = losses[step].item<double>();
    EXPECT_NEAR(r.loss, want, 1e-5 * std::abs(want)) << "loss before step " << step;
  }
  double worst = 0;
  for (const auto& [name, p] : tuned) {
    torch::Tensor want = expected.tensors.at(name);
    double rel =
        ((p.detach().to(torch::kCPU) - want).abs().max() / want.abs().max()).item<double>();
    worst = std::max(worst, rel);
    EXPECT_LE(rel, 1e-5) << name;
  }
  RecordProperty("max_relative_error", std::to_string(worst));
}
