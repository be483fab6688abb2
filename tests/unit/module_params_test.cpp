#include "mcplm/model/module_params.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"

using namespace mcplm;

namespace {
struct Net : torch::nn::Module {
  Net() {
    first = register_module("first", torch::nn::Linear(3, 2));
    second = register_module("second", torch::nn::Linear(2, 1));
  }
  torch::nn::Linear first{nullptr}, second{nullptr};
};
}  // namespace

TEST(ModuleParams, ListsParametersInOrderSharingStorage) {
  Net net;
  ParamSet p = module_params(net);
  EXPECT_EQ(p.names(), (std::vector<std::string>{"first.weight", "first.bias", "second.weight",
                                                 "second.bias"}));
  EXPECT_EQ(p.at("first.weight").data_ptr(), net.first->weight.data_ptr());
}

TEST(ModuleParams, AssignCopiesInPlace) {
  Net net;
  void* storage = net.first->weight.data_ptr();
  ParamSet values;
  values.set("first.weight", torch::full({2, 3}, 2.0, torch::kDouble));
  values.set("second.bias", torch::tensor({-1.0f}));
  torch::Tensor before = net.first->bias.clone();
  assign_params(net, values);
  EXPECT_EQ(net.first->weight.data_ptr(), storage);
  EXPECT_EQ(net.first->weight.scalar_type(), torch::kFloat);
  EXPECT_TRUE(net.first->weight.eq(2.0).all().item<bool>());
  EXPECT_EQ(net.second->bias.item<float>(), -1.0f);
  EXPECT_TRUE(torch::equal(net.first->bias, before));
  EXPECT_TRUE(net.first->weight.requires_grad());
}

TEST(ModuleParams, AssignRejectsUnknownNamesAndShapesWithoutCopying) {
  Net net;
  torch::Tensor before = net.first->weight.clone();
  ParamSet values;
  values.set("first.weight", torch::zeros({2, 3}));
  values.set("third.weight", torch::zeros({1}));
  values.set("second.weight", torch::zeros({2, 1}));
  try {
    assign_params(net, values, "ckpt.safetensors");
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("third.weight is not a parameter"), std::string::npos) << what;
    EXPECT_NE(what.find("second.weight has shape [2, 1] in ckpt.safetensors but [1, 2]"),
              std::string::npos)
        << what;
  }
  EXPECT_TRUE(torch::equal(net.first->weight, before));
}
