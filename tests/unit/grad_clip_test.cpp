#include "mcplm/train/grad_clip.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace mcplm {
namespace {

std::vector<torch::Tensor> params_with_grads(std::vector<std::vector<float>> grads) {
  std::vector<torch::Tensor> params;
  for (auto& g : grads) {
    auto p = torch::zeros({static_cast<int64_t>(g.size())}, torch::requires_grad());
    p.mutable_grad() = torch::tensor(g);
    params.push_back(p);
  }
  return params;
}

TEST(GradClip, ScalesAllGradientsByTheGlobalNorm) {
  // Global norm sqrt(3^2 + 4^2 + 12^2) = 13.
  auto params = params_with_grads({{3, 4}, {12}});
  params.push_back(torch::zeros({2}, torch::requires_grad()));  // no gradient: skipped
  auto norm = clip_grad_norm(params, 0.01);
  EXPECT_FLOAT_EQ(norm.item<float>(), 13.0f);
  const float coef = 0.01f / (13.0f + 1e-6f);
  EXPECT_FLOAT_EQ(params[0].grad()[0].item<float>(), 3 * coef);
  EXPECT_FLOAT_EQ(params[0].grad()[1].item<float>(), 4 * coef);
  EXPECT_FLOAT_EQ(params[1].grad()[0].item<float>(), 12 * coef);
  EXPECT_NEAR(clip_grad_norm(params, 1.0).item<float>(), 0.01f, 1e-8);
}

TEST(GradClip, LeavesSmallGradientsAlone) {
  auto params = params_with_grads({{0.3f, 0.4f}});
  EXPECT_FLOAT_EQ(clip_grad_norm(params, 1.0).item<float>(), 0.5f);
  EXPECT_TRUE(torch::equal(params[0].grad(), torch::tensor({0.3f, 0.4f})));
}

TEST(GradClip, NormOfHalfGradientsIsComputedInFloat32) {
  // 300^2 * 4 overflows float16 (max 65504); in float32 the norm is 600.
  auto p = torch::zeros({4}, torch::TensorOptions().dtype(torch::kFloat16).requires_grad(true));
  p.mutable_grad() = torch::full({4}, 300.0, torch::kFloat16);
  auto norm = clip_grad_norm({p}, 6.0);
  EXPECT_EQ(norm.scalar_type(), torch::kFloat32);
  EXPECT_FLOAT_EQ(norm.item<float>(), 600.0f);
  EXPECT_NEAR(p.grad()[0].item<float>(), 3.0f, 1e-2);
}

TEST(GradClip, NoGradientsGiveZero) {
  std::vector<torch::Tensor> params = {torch::zeros({2}, torch::requires_grad())};
  EXPECT_EQ(clip_grad_norm(params, 1.0).item<float>(), 0.0f);
}

}  // namespace
}  // namespace mcplm
