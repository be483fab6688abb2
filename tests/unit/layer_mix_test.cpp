// LayerMix forms α·θ1 + (1 − α)·θ2 per group, and its chain rule gives the
// gradient autograd finds through the same formula.
#include "mcplm/connect/layer_mix.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"

using namespace mcplm;

namespace {

struct Ends {
  ParamSet a, b;
  std::vector<ParamGroup> groups;
};

Ends make_ends() {
  torch::manual_seed(3);
  Ends e;
  for (const char* name : {"x.block.0.w", "x.block.0.v", "x.block.1.w", "head"}) {
    e.a.set(name, torch::randn({3, 2}));
    e.b.set(name, torch::randn({3, 2}));
  }
  e.groups = group_parameters(e.a.names(), LayerFilter::Block);
  return e;
}

// A loss that weighs every entry differently: Σ_p Σ c_p ⊙ θ_p².
torch::Tensor loss_of(const std::vector<torch::Tensor>& thetas) {
  torch::Tensor loss = torch::zeros({});
  for (std::size_t i = 0; i < thetas.size(); ++i)
    loss = loss + (torch::arange(6, torch::kFloat32).reshape({3, 2}) * static_cast<double>(i + 1) *
                   thetas[i].pow(2))
                      .sum();
  return loss;
}

}  // namespace

TEST(LayerMix, FormsEachGroupAtItsWeight) {
  Ends e = make_ends();
  ASSERT_EQ(e.groups.size(), 3u);
  LayerMix mix(e.a, e.b, e.groups, "a", "b");
  const torch::Tensor alpha = torch::tensor({0.25f, 1.0f, 0.0f});
  const ParamSet theta = mix.at(alpha);
  EXPECT_TRUE(torch::allclose(theta.at("x.block.0.w"),
                              0.25 * e.a.at("x.block.0.w") + 0.75 * e.b.at("x.block.0.w")));
  EXPECT_TRUE(torch::allclose(theta.at("x.block.0.v"),
                              0.25 * e.a.at("x.block.0.v") + 0.75 * e.b.at("x.block.0.v")));
  EXPECT_TRUE(torch::equal(theta.at("x.block.1.w"), e.a.at("x.block.1.w")));
  EXPECT_TRUE(torch::equal(theta.at("head"), e.b.at("head")));
}

TEST(LayerMix, LogitGradientsAreAutogradsThroughTheFormula) {
  Ends e = make_ends();
  LayerMix mix(e.a, e.b, e.groups, "a", "b");
  const torch::Tensor logits = torch::tensor({-1.5f, 0.3f, 2.0f}).set_requires_grad(true);

  // Autograd through θ_p = σ(w_g)·a_p + (1 − σ(w_g))·b_p, as the original.
  const torch::Tensor alpha = torch::sigmoid(logits);
  std::vector<torch::Tensor> thetas;
  const std::vector<int64_t> group_of = {0, 0, 1, 2};
  std::size_t i = 0;
  for (const auto& [name, a] : e.a) {
    const torch::Tensor w = alpha[group_of[i++]];
    thetas.push_back(w * a + (1 - w) * e.b.at(name));
  }
  loss_of(thetas).backward();

  // The chain rule from dL/dθ on leaves holding the formed parameters.
  ParamSet params = mix.at(LayerMix::alphas(logits));
  std::vector<torch::Tensor> leaves;
  for (const auto& [name, t] : params) {
    t.set_requires_grad(true);
    leaves.push_back(t);
  }
  loss_of(leaves).backward();
  const torch::Tensor got = mix.logit_gradients(LayerMix::alphas(logits), params);
  EXPECT_TRUE(torch::allclose(got, logits.grad(), 1e-5, 1e-6)) << got << logits.grad();

  // A parameter without a gradient contributes nothing.
  torch::Tensor head = params.at("head");
  head.mutable_grad() = torch::Tensor();
  EXPECT_EQ(mix.logit_gradients(LayerMix::alphas(logits), params)[2].item<float>(), 0.0f);
}

TEST(LayerMix, RefusesGroupsThatDoNotCoverTheEnds) {
  Ends e = make_ends();
  std::vector<ParamGroup> partial(e.groups.begin(), e.groups.end() - 1);
  EXPECT_THROW(LayerMix(e.a, e.b, partial, "a", "b"), InputError);
  ParamSet other = e.b;
  other.set("head", torch::zeros({2, 3}));
  EXPECT_THROW(LayerMix(e.a, other, e.groups, "a", "b"), InputError);
}
