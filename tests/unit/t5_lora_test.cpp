// LoRA on T5 against the original's apply_lora (tests/fixtures/lora/: r 2,
// alpha 8): names and shapes, the forward, one training update; the base
// model with B = 0, the merged weights, the seeded initialisation; on
// test::device().
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/method.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/t5_load.h"
#include "mcplm/model/t5_task_model.h"
#include "mcplm/train/adafactor.h"
#include "mcplm/train/update_step.h"
#include "test_util.h"

namespace mcplm {
namespace {

std::filesystem::path tiny_dir() { return test::fixtures() / "t5-tiny"; }
std::filesystem::path lora_dir() { return test::fixtures() / "lora"; }

// The fixtures' configuration (recipe.json): r 2, alpha 8, no dropout.
LoraConfig fixture_config() { return LoraConfig{2, 8.0, 0.0}; }

std::shared_ptr<T5ForConditionalGeneration> fixture_model() {
  LoadedParams factors = load_params(lora_dir() / "lora_weights.safetensors");
  auto model = load_t5_with_lora(tiny_dir(), factors, fixture_config(), "lora_weights");
  model->eval();
  model->to(test::device());
  return model;
}

Seq2SeqOutput run_batch(T5ForConditionalGeneration& model, const ParamSet& batch) {
  torch::NoGradGuard no_grad;
  ParamSet in = batch.to(test::device());
  auto states = model.encode(in.at("input_ids"), in.at("attention_mask"));
  return model.decode_labels(states, in.at("attention_mask"), in.at("labels"),
                             in.at("decoder_attention_mask"));
}

ParamSet factors_of(torch::nn::Module& model) {
  return module_params(model).select(tuned_by(ModelFamily::T5, TuningMethod::Lora));
}

TEST(T5Lora, NamesAndShapesMatchTheOriginal) {
  T5ForConditionalGeneration model(load_t5_config(tiny_dir() / "config.json"));
  model.attach_lora(fixture_config());
  auto fixture = read_safetensors(lora_dir() / "lora_weights.safetensors").tensors;
  ParamSet ours = factors_of(model);
  EXPECT_EQ(ours.size(), 24u);  // (2 encoder x 2 + 2 decoder x 4) targets x {A, B}
  EXPECT_EQ(ours.names(), fixture.names());
  ours.check_same_layout(fixture, "model", "fixture");
}

TEST(T5Lora, ForwardMatchesTheOriginal) {
  auto model = fixture_model();
  auto ref = read_safetensors(lora_dir() / "lora_forward.safetensors").tensors;
  Seq2SeqOutput out = run_batch(*model, ref);
  const double logits = (out.logits.to(torch::kCPU) - ref.at("logits")).abs().max().item<double>();
  const double want = ref.at("loss").item<double>();
  const double loss = std::abs(out.loss.item<double>() - want) / std::abs(want);
  EXPECT_LE(logits, 1e-4);
  EXPECT_LE(loss, 1e-5);
  RecordProperty("max_abs_logit_error", std::to_string(logits));
  RecordProperty("relative_loss_error", std::to_string(loss));
  std::cout << "LoRA forward vs original: logits max abs " << logits << ", loss rel " << loss
            << "\n";
}

TEST(T5Lora, OneUpdateMatchesTheOriginal) {
  torch::set_num_threads(1);
  ModelSetup setup;
  setup.model_dir = tiny_dir();
  setup.method = TuningMethod::Lora;
  setup.device = test::device();
  T5TaskModel model(fixture_model(), load_tokenizer(tiny_dir()), setup, "test");
  model.module().eval();  // dropout 0

  ParamSet tuned = model.tuned_parameters();
  ASSERT_EQ(tuned.size(), 24u);
  for (auto& p : model.module().parameters()) p.set_requires_grad(false);
  std::vector<torch::Tensor> params;
  std::vector<NamedParamGroup> groups;
  for (const auto& [name, p] : tuned) {
    p.set_requires_grad(true);
    params.push_back(p);
    ParamSet one;
    one.set(name, p);
    groups.push_back({one, 0.0});
  }
  Adafactor optimizer(groups, AdafactorOptions::external(5e-3));
  ParamSet tensors = read_safetensors(lora_dir() / "lora_forward.safetensors").tensors;
  Batch batch;
  batch.input_ids = tensors.at("input_ids");
  batch.attention_mask = tensors.at("attention_mask");
  batch.labels = tensors.at("labels");
  batch.decoder_attention_mask = tensors.at("decoder_attention_mask");
  UpdateResult r = train_update(model, {MicroBatchShare{batch}}, optimizer, params, 0.01, 5e-3);
  const double want_loss = tensors.at("loss").item<double>();
  EXPECT_NEAR(r.loss, want_loss, 1e-5 * std::abs(want_loss));

  ParamSet expected = read_safetensors(lora_dir() / "lora_train1.safetensors").tensors;
  double worst = 0;
  for (const auto& [name, p] : tuned) {
    torch::Tensor want = expected.at(name);
    double rel =
        ((p.detach().to(torch::kCPU) - want).abs().max() / want.abs().max()).item<double>();
    worst = std::max(worst, rel);
    EXPECT_LE(rel, 1e-5) << name;
  }
  RecordProperty("max_relative_error", std::to_string(worst));
  std::cout << "LoRA factors after one update vs original: max rel " << worst << "\n";
}

TEST(T5Lora, ZeroBIsTheBaseModelExactly) {
  auto ref = read_safetensors(lora_dir() / "lora_forward.safetensors").tensors;
  auto base = load_t5(tiny_dir());
  base->eval();
  base->to(test::device());
  auto lora = load_t5(tiny_dir());
  lora->attach_lora(LoraConfig{4, 16.0, 0.0});
  lora->init_lora(3);
  lora->eval();
  lora->to(test::device());
  EXPECT_GT(factors_of(*lora)
                .select([](const std::string& n) { return n.find("lora_A") != std::string::npos; })
                .flatten_f64()
                .abs()
                .sum()
                .item<double>(),
            0.0);
  EXPECT_TRUE(torch::equal(run_batch(*base, ref).logits, run_batch(*lora, ref).logits));
}

TEST(T5Lora, MergedWeightsGiveTheSameForward) {
  auto model = fixture_model();
  auto ref = read_safetensors(lora_dir() / "lora_forward.safetensors").tensors;
  torch::Tensor unmerged = run_batch(*model, ref).logits;
  ParamSet factors = factors_of(*model);
  ParamSet merged = lora_merged_point(factors, module_params(*model), fixture_config().scaling());
  {
    torch::NoGradGuard no_grad;
    ParamSet copy;
    for (const auto& [name, t] : merged) copy.set(name, t.clone());
    assign_params(*model, copy, "merged");
  }
  EXPECT_EQ(factors_of(*model)
                .select([](const std::string& n) { return n.find("lora_B") != std::string::npos; })
                .flatten_f64()
                .abs()
                .sum()
                .item<double>(),
            0.0);
  const double diff = (run_batch(*model, ref).logits - unmerged).abs().max().item<double>();
  EXPECT_LE(diff, 1e-5);
  std::cout << "merged vs unmerged forward: logits max abs " << diff << "\n";
}

TEST(T5Lora, MergedUpdateIsTheTransposedProductScaled) {
  ParamSet factors;
  torch::Tensor A = torch::randn({5, 2}), B = torch::randn({2, 3});
  factors.set("x.q.lora_A", A);
  factors.set("x.q.lora_B", B);
  factors.set("classifier.dense.weight", torch::ones({2}));
  ParamSet merged = lora_merged_updates(factors, 4.0);
  EXPECT_EQ(merged.names(), (std::vector<std::string>{"x.q.weight", "classifier.dense.weight"}));
  EXPECT_TRUE(torch::allclose(merged.at("x.q.weight"), torch::matmul(A, B).t() * 4.0));
}

TEST(T5Lora, InitialisedAsTheOriginalFromTheSeed) {
  const LoraConfig config{10, 16.0, 0.0};
  T5ForConditionalGeneration a(load_t5_config(tiny_dir() / "config.json")),
      b(load_t5_config(tiny_dir() / "config.json")), c(load_t5_config(tiny_dir() / "config.json"));
  for (auto* m : {&a, &b, &c}) m->attach_lora(config);
  a.init_lora(5);
  b.init_lora(5);
  c.init_lora(6);
  auto is_A = [](const std::string& n) { return n.find("lora_A") != std::string::npos; };
  torch::Tensor flat_a = factors_of(a).select(is_A).flatten_f64();
  EXPECT_TRUE(torch::equal(flat_a, factors_of(b).select(is_A).flatten_f64()));
  EXPECT_FALSE(torch::equal(flat_a, factors_of(c).select(is_A).flatten_f64()));
  // kaiming_uniform_(a=√5) on [in, r]: U(-1/√r, 1/√r), std 1/√(3r).
  const double bound = 1.0 / std::sqrt(10.0);
  EXPECT_LE(flat_a.abs().max().item<double>(), bound);
  EXPECT_NEAR(flat_a.std().item<double>(), bound / std::sqrt(3.0), 0.01);
  auto is_B = [](const std::string& n) { return n.find("lora_B") != std::string::npos; };
  EXPECT_EQ(factors_of(a).select(is_B).flatten_f64().abs().sum().item<double>(), 0.0);
  EXPECT_EQ(a.lora_config()->r, 10);
}

TEST(T5Lora, ConfigurationComesFromTheCheckpoint) {
  LoadedParams file = load_params(lora_dir() / "lora_weights.safetensors");
  LoraConfig fallback{10, 32.0, 0.1};
  LoraConfig c = lora_config_of(file, fallback, "f");
  EXPECT_EQ(c.r, 2);
  EXPECT_EQ(c.alpha, 32.0);
  EXPECT_EQ(c.dropout, 0.1);
  file.metadata["lora_alpha"] = "8";
  EXPECT_EQ(lora_config_of(file, fallback, "f").alpha, 8.0);
  file.metadata["lora_alpha"] = "eight";
  EXPECT_THROW(lora_config_of(file, fallback, "f"), InputError);
  EXPECT_THROW(lora_config_of(LoadedParams{}, fallback, "f"), InputError);
}

TEST(T5Lora, CheckpointMissingAFactorIsAnError) {
  LoadedParams file = load_params(lora_dir() / "lora_weights.safetensors");
  file.params.erase("decoder.block.1.layer.1.EncDecAttention.v.lora_B");
  try {
    load_t5_with_lora(tiny_dir(), file, fixture_config(), "partial");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("decoder.block.1.layer.1.EncDecAttention.v.lora_B"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace mcplm
