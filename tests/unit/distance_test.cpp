#include "mcplm/connect/distance.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/io/atomic_file.h"
#include "mcplm/io/load_params.h"
#include "mcplm/io/safetensors.h"
#include "test_util.h"

using namespace mcplm;

namespace {

// The distance computed element by element, independently of the library.
Distance reference_distance(const ParamSet& a, const ParamSet& b) {
  double diff2 = 0, dot = 0, na = 0, nb = 0;
  int64_t count = 0;
  for (const auto& [name, ta] : a) {
    auto x = ta.to(torch::kFloat64).contiguous();
    auto y = b.at(name).to(torch::kFloat64).contiguous();
    const double* px = x.data_ptr<double>();
    const double* py = y.data_ptr<double>();
    for (int64_t i = 0; i < x.numel(); ++i) {
      diff2 += (px[i] - py[i]) * (px[i] - py[i]);
      dot += px[i] * py[i];
      na += px[i] * px[i];
      nb += py[i] * py[i];
      ++count;
    }
  }
  return {std::sqrt(diff2), dot / std::max(std::sqrt(na) * std::sqrt(nb), 1e-6), count,
          std::sqrt(diff2 / count)};
}

ParamSet fixture_adapters() {
  return load_params(test::fixtures() / "t5_adapter_weights.safetensors").params;
}

ParamSet trained_adapters() {
  auto file = read_safetensors(test::fixtures() / "t5_adapter_train3.safetensors");
  return file.tensors.select(
      [](const std::string& n) { return n.find("adapter") != std::string::npos; });
}

}  // namespace

TEST(Distance, MatchesElementwiseComputation) {
  ParamSet a = fixture_adapters();
  ParamSet b = trained_adapters();
  ASSERT_EQ(a.size(), b.size());
  Distance got = compute_distance(a, b);
  Distance want = reference_distance(a, b);
  EXPECT_EQ(got.count, want.count);
  EXPECT_NEAR(got.l2, want.l2, 1e-12 * want.l2);
  EXPECT_NEAR(got.cosine, want.cosine, 1e-12);
  EXPECT_NEAR(got.rms, want.rms, 1e-12 * want.rms);
  EXPECT_GT(got.l2, 0);
}

TEST(Distance, HandCheckedCase) {
  ParamSet a, b;
  a.set("w", torch::tensor({3.0f, 0.0f}));
  b.set("w", torch::tensor({0.0f, 4.0f}));
  Distance d = compute_distance(a, b);
  EXPECT_DOUBLE_EQ(d.l2, 5.0);
  EXPECT_DOUBLE_EQ(d.cosine, 0.0);
  EXPECT_EQ(d.count, 2);
  EXPECT_DOUBLE_EQ(d.rms, std::sqrt(12.5));
  // Zero vectors: the denominator is clamped to 1e-6.
  ParamSet z;
  z.set("w", torch::zeros({2}));
  EXPECT_DOUBLE_EQ(compute_distance(z, z).cosine, 0.0);
}

TEST(Distance, OriginalLayoutText) {
  Distance d{5.0, 0.25, 2, 3.5355339059327378};
  EXPECT_EQ(distance_txt(d),
            "L2 distance is: \n5.0\nnum of para is: \n2\naverage L2 distance is: \n"
            "3.5355339059327378\nCos distance is: \n0.25\n");
}

TEST(DistCommand, WritesBothFilesAcrossFormats) {
  auto out = test::temp_dir("dist");
  // The same adapters from an original .pt and from safetensors: distance 0.
  auto same = test::run_mcplm(
      "dist --input1 " + (test::fixtures() / "original_adapter_checkpoint.pt").string() +
      " --input2 " + (test::fixtures() / "t5_adapter_weights.safetensors").string() +
      " --type adapter");
  ASSERT_EQ(same.exit_code, 0) << same.output;
  EXPECT_NE(same.output.find("L2 distance:      0\n"), std::string::npos) << same.output;

  auto trained = out / "trained.safetensors";
  write_safetensors(trained, trained_adapters());
  auto r = test::run_mcplm("--threads 1 dist --input1 " +
                           (test::fixtures() / "t5_adapter_weights.safetensors").string() +
                           " --input2 " + trained.string() + " --output " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Distance want = reference_distance(fixture_adapters(), trained_adapters());
  std::istringstream txt(read_file_bytes(out / "distance.txt"));
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(txt, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 8u);
  EXPECT_EQ(lines[0], "L2 distance is: ");
  EXPECT_NEAR(std::stod(lines[1]), want.l2, 1e-12);
  EXPECT_EQ(lines[3], std::to_string(want.count));
  EXPECT_NEAR(std::stod(lines[5]), want.rms, 1e-12);
  EXPECT_NEAR(std::stod(lines[7]), want.cosine, 1e-12);
  auto json = nlohmann::json::parse(read_file_bytes(out / "distance.json"));
  EXPECT_EQ(json["count"].get<int64_t>(), want.count);
  EXPECT_NEAR(json["l2"].get<double>(), want.l2, 1e-12);
}

TEST(DistCommand, BadInputsExitTwoWithOneLine) {
  auto r = test::run_mcplm("dist --input1 /nonexistent.safetensors --input2 /nonexistent2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, "mcplm: error: /nonexistent.safetensors: no such file or directory\n");

  auto mismatch =
      test::run_mcplm("dist --input1 " + (test::fixtures() / "t5-tiny").string() + " --input2 " +
                      (test::fixtures() / "t5_adapter_weights.safetensors").string());
  EXPECT_EQ(mismatch.exit_code, 2);
  // Both files named, with what each holds.
  EXPECT_NE(mismatch.output.find("t5-tiny holds a full model ("), std::string::npos)
      << mismatch.output;
  EXPECT_NE(mismatch.output.find("t5_adapter_weights.safetensors holds adapters (20 tensors)"),
            std::string::npos)
      << mismatch.output;

  auto missing_flag = test::run_mcplm("dist --input1 a");
  EXPECT_EQ(missing_flag.exit_code, 2);
  EXPECT_NE(missing_flag.output.find("--input2 is required"), std::string::npos)
      << missing_flag.output;
}

TEST(Distance, LoraCheckpointsAlsoReportTheirMergedUpdates) {
  auto dir = test::temp_dir("dist-lora");
  ParamSet a, b;
  torch::manual_seed(3);
  for (ParamSet* s : {&a, &b}) {
    s->set("encoder.block.0.layer.0.SelfAttention.q.lora_A", torch::randn({6, 2}));
    s->set("encoder.block.0.layer.0.SelfAttention.q.lora_B", torch::randn({2, 4}));
  }
  write_safetensors(dir / "a.safetensors", a, {{"method", "lora"}, {"lora_alpha", "8"}});
  write_safetensors(dir / "b.safetensors", b, {{"method", "lora"}});  // alpha from the fallback
  const CheckpointDistance d = checkpoint_distance(dir / "a.safetensors", dir / "b.safetensors",
                                                   TuningMethod::Lora, LoraConfig{2, 4.0, 0.0});
  EXPECT_NEAR(d.stored.l2, reference_distance(a, b).l2, 1e-9);
  ASSERT_TRUE(d.merged);
  const std::string A = "encoder.block.0.layer.0.SelfAttention.q.lora_A";
  const std::string B = "encoder.block.0.layer.0.SelfAttention.q.lora_B";
  torch::Tensor delta_a = torch::matmul(a.at(A), a.at(B)).t().to(torch::kFloat64) * 4.0;
  torch::Tensor delta_b = torch::matmul(b.at(A), b.at(B)).t().to(torch::kFloat64) * 2.0;
  EXPECT_NEAR(d.merged->l2, (delta_a - delta_b).norm().item<double>(), 1e-5);
  EXPECT_EQ(d.merged->count, 24);
  write_distance(dir / "out", d);
  auto j = nlohmann::json::parse(test::read_text(dir / "out" / "distance.json"));
  EXPECT_NEAR(j["merged"]["l2"].get<double>(), d.merged->l2, 1e-12);

  // Adapters have no merged form.
  ParamSet adapter;
  adapter.set("encoder.block.0.layer.0.adapter.adapter_A", torch::ones({2, 2}));
  write_safetensors(dir / "c.safetensors", adapter, {});
  write_safetensors(dir / "d.safetensors", adapter, {});
  EXPECT_FALSE(
      checkpoint_distance(dir / "c.safetensors", dir / "d.safetensors", TuningMethod::Adapter)
          .merged);
}
