#include "mcplm/core/param_set.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"

using mcplm::ParamSet;

TEST(ParamSet, KeepsInsertionOrderAndReplaces) {
  ParamSet p;
  p.set("b", torch::ones({2}));
  p.set("a", torch::zeros({3}));
  p.set("b", torch::full({2}, 5.0));
  ASSERT_EQ(p.names(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(p.at("b")[0].item<float>(), 5.0f);
  EXPECT_EQ(p.numel(), 5);
  EXPECT_THROW(p.at("c"), std::out_of_range);
}

TEST(ParamSet, SelectAndErase) {
  ParamSet p;
  p.set("x.adapter.A", torch::ones({1}));
  p.set("x.weight", torch::ones({1}));
  p.set("y.adapter.B", torch::ones({1}));
  auto adapters =
      p.select([](const std::string& n) { return n.find("adapter") != std::string::npos; });
  EXPECT_EQ(adapters.names(), (std::vector<std::string>{"x.adapter.A", "y.adapter.B"}));
  p.erase("x.weight");
  EXPECT_EQ(p.names(), adapters.names());
  EXPECT_TRUE(p.contains("y.adapter.B"));
}

TEST(ParamSet, LayoutMismatchListsAtMostTenNames) {
  ParamSet a, b;
  for (int i = 0; i < 12; ++i) a.set("only_a." + std::to_string(i), torch::ones({1}));
  a.set("shape", torch::ones({2, 3}));
  b.set("shape", torch::ones({3, 2}));
  try {
    a.check_same_layout(b, "left", "right");
    FAIL() << "expected an error";
  } catch (const mcplm::InputError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("13 parameter(s)"), std::string::npos) << what;
    EXPECT_NE(what.find("and 3 more"), std::string::npos) << what;
    EXPECT_NE(what.find("only_a.0 only in left"), std::string::npos) << what;
  }
}

TEST(ParamSet, LerpAndFlatten) {
  ParamSet a, b;
  a.set("w", torch::tensor({0.0f, 2.0f}));
  a.set("v", torch::tensor({4.0f}));
  b.set("w", torch::tensor({10.0f, 4.0f}));
  b.set("v", torch::tensor({8.0f}));
  ParamSet mid = ParamSet::lerp(a, b, 0.25);
  EXPECT_FLOAT_EQ(mid.at("w")[0].item<float>(), 2.5f);
  EXPECT_FLOAT_EQ(mid.at("w")[1].item<float>(), 2.5f);
  EXPECT_FLOAT_EQ(mid.at("v")[0].item<float>(), 5.0f);
  auto flat = mid.flatten_f64();
  EXPECT_EQ(flat.scalar_type(), torch::kFloat64);
  EXPECT_EQ(flat.numel(), 3);
  EXPECT_DOUBLE_EQ(flat[2].item<double>(), 5.0);
  EXPECT_TRUE(torch::equal(ParamSet::lerp(a, b, 0.0).at("w"), a.at("w")));
  EXPECT_TRUE(torch::equal(ParamSet::lerp(a, b, 1.0).at("w"), b.at("w")));
}
