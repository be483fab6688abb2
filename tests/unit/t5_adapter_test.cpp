// Houlsby and Pfeiffer adapters: placement, names, formula, seeded initialisation.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/method.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/t5_load.h"
#include "test_util.h"

namespace mcplm {
namespace {

T5Config tiny_config() { return load_t5_config(test::fixtures() / "t5-tiny" / "config.json"); }

ParamSet adapters_of(T5ForConditionalGeneration& model) {
  return module_params(model).select(tuned_by(ModelFamily::T5, TuningMethod::Adapter));
}

TEST(T5Adapters, HoulsbyNamesAndShapesMatchTheOriginal) {
  AdapterConfig houlsby{AdapterType::Houlsby, 4};
  T5ForConditionalGeneration model(tiny_config(), houlsby);
  auto fixture = read_safetensors(test::fixtures() / "t5_adapter_weights.safetensors").tensors;
  ParamSet ours = adapters_of(model);
  EXPECT_EQ(ours.names(), fixture.names());
  ours.check_same_layout(fixture, "model", "fixture");
}

TEST(T5Adapters, PfeifferOnlyInTheFeedForwardWithRelu) {
  AdapterConfig pfeiffer{AdapterType::Pfeiffer, 3};
  T5ForConditionalGeneration model(tiny_config(), pfeiffer);
  std::vector<std::string> expected;
  for (const std::string stack : {"encoder", "decoder"})
    for (int i = 0; i < 2; ++i)
      for (const char* m : {"adapter_A", "adapter_B"})
        expected.push_back(stack + ".block." + std::to_string(i) + ".layer." +
                           (stack == "encoder" ? "1" : "2") + ".adapter." + m);
  EXPECT_EQ(adapters_of(model).names(), expected);

  auto adapter = model.encoder->blocks[0]->feed_forward->adapter;
  torch::NoGradGuard no_grad;
  adapter->adapter_A.normal_();
  adapter->adapter_B.normal_();
  auto y = torch::randn({2, 5, 32});
  auto expected_out =
      torch::matmul(torch::relu(torch::matmul(y, adapter->adapter_A)), adapter->adapter_B) + y;
  EXPECT_TRUE(torch::allclose(adapter->forward(y), expected_out));
}

TEST(T5Adapters, HoulsbyUsesSiluInsideTheResidual) {
  Adapter adapter(8, 2, AdapterConfig{AdapterType::Houlsby, 2}.activation());
  torch::NoGradGuard no_grad;
  adapter.adapter_A.normal_();
  adapter.adapter_B.normal_();
  auto y = torch::randn({3, 8});
  auto expected =
      torch::matmul(torch::silu(torch::matmul(y, adapter.adapter_A)), adapter.adapter_B) + y;
  EXPECT_TRUE(torch::allclose(adapter.forward(y), expected));
}

TEST(T5Adapters, InitialisedFromTheSeedWithMeanAndStd) {
  AdapterConfig config{AdapterType::Houlsby, 64, 0.5, 0.01};
  T5ForConditionalGeneration a(tiny_config(), config), b(tiny_config(), config),
      c(tiny_config(), config);
  a.init_adapters(20);
  b.init_adapters(20);
  c.init_adapters(30);
  auto flat_a = adapters_of(a).flatten_f64();
  EXPECT_TRUE(torch::equal(flat_a, adapters_of(b).flatten_f64()));
  EXPECT_FALSE(torch::equal(flat_a, adapters_of(c).flatten_f64()));
  EXPECT_NEAR(flat_a.mean().item<double>(), 0.5, 1e-3);
  EXPECT_NEAR(flat_a.std().item<double>(), 0.01, 1e-3);
  // Base weights are untouched.
  EXPECT_EQ(a.shared->weight.abs().sum().item<float>(), 0.0f);
}

TEST(T5Adapters, TypeAndSizeComeFromTheCheckpoint) {
  LoadedParams pfeiffer;
  pfeiffer.params.set("encoder.block.0.layer.1.adapter.adapter_A", torch::zeros({32, 6}));
  pfeiffer.params.set("encoder.block.0.layer.1.adapter.adapter_B", torch::zeros({6, 32}));
  AdapterConfig c = infer_t5_adapter_config(pfeiffer, "a");
  EXPECT_EQ(c.type, AdapterType::Pfeiffer);
  EXPECT_EQ(c.size, 6);
  pfeiffer.metadata["adapter_type"] = "houlsby";
  EXPECT_EQ(infer_t5_adapter_config(pfeiffer, "a").type, AdapterType::Houlsby);
  EXPECT_THROW(infer_t5_adapter_config(LoadedParams{}, "a"), InputError);
}

TEST(T5Adapters, CheckpointMissingAnAdapterIsAnError) {
  auto fixture = read_safetensors(test::fixtures() / "t5_adapter_weights.safetensors");
  fixture.tensors.erase("decoder.block.1.layer.2.adapter.adapter_B");
  auto file = test::temp_dir("adapters") / "partial.safetensors";
  write_safetensors(file, fixture.tensors, fixture.metadata);
  try {
    load_t5_with_adapters(test::fixtures() / "t5-tiny", file);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("decoder.block.1.layer.2.adapter.adapter_B"),
              std::string::npos);
  }
}

TEST(T5Adapters, FixtureCheckpointIsHoulsbyOfSizeFour) {
  auto model = load_t5_with_adapters(test::fixtures() / "t5-tiny",
                                     test::fixtures() / "t5_adapter_weights.safetensors");
  EXPECT_EQ(model->adapter_config().type, AdapterType::Houlsby);
  EXPECT_EQ(model->adapter_config().size, 4);
}

}  // namespace
}  // namespace mcplm
