// --precision: bf16 autocast on the CPU trains and evaluates close to fp32,
// and the scope restores the previous settings.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/core/precision.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;
using json = nlohmann::json;

TEST(Precision, Bf16ScopeCastsMatrixProductsAndRestores) {
  const torch::Tensor a = torch::randn({4, 4}), b = torch::randn({4, 4});
  {
    PrecisionScope scope(Precision::BF16, c10::kCPU);
    EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kBFloat16);
    EXPECT_EQ(a.sum().scalar_type(), torch::kFloat);  // reductions stay fp32
  }
  EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kFloat);
  {
    PrecisionScope scope(Precision::FP32, c10::kCPU);
    EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kFloat);
  }
  PrecisionScope tf32(Precision::TF32, c10::kCPU);  // no effect on the CPU
  EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kFloat);
}

namespace {

double dev_loss_at_zero(const fs::path& dir) {
  std::ifstream in(dir / "points.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    const json p = json::parse(line);
    if (p["x"] == 0.0) return p["dev"]["loss"];
  }
  return -1;
}

}  // namespace

TEST(PrecisionCli, Bf16TuneAndEvaluationStayCloseToFp32) {
  const fs::path dir = test::temp_dir("precision");
  const fs::path model = test::init_tiny_t5(dir / "t5");
  const fs::path task = test::toy_dir() / "toy-sentiment";
  std::map<std::string, double> dev;
  for (const std::string precision : {"fp32", "bf16"}) {
    auto r = test::run_mcplm("--threads 1 tune --quiet --model " + model.string() + " --task-dir " +
                             task.string() + " --output-dir " + (dir / precision).string() +
                             " --method model --lr 1e-3 --bsz 32"
                             " --train-iters 200 --valid-interval 100 --output-interval 100 --seed 1"
                             " --no-predict"
                             " --precision " +
                             precision);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const json result =
        json::parse(test::read_text(dir / precision / "lr_0.001_bsz_32_seed_1" / "result.json"));
    dev[precision] = result["dev_performance"];
  }
  std::cout << "dev ACC fp32 " << dev["fp32"] << ", bf16 " << dev["bf16"] << "\n";
  EXPECT_GE(dev["fp32"], 0.8);  // learnt: the comparison means something
  // Trained to the end, both reach the same dev ACC within 2 points (150 dev lines, one line
  // is 0.67 points). Measured: 1.000 both after 200 updates; midway the two trajectories
  // part (update 100: fp32 0.947, bf16 0.893 on one machine, 0.913 on another), so the
  // comparison is of the best of two validations, at updates 100 and 200.
  EXPECT_NEAR(dev["bf16"], dev["fp32"], 0.02);

  // The fp32 run's checkpoint evaluated both ways.
  // Midway (dev loss ~0.015): at the end the loss is ~4e-6, where bf16's 8-bit mantissa of
  // the logits alone moves it by a few percent.
  const fs::path ckpt = dir / "fp32" / "lr_0.001_bsz_32_seed_1" / "checkpoint@100.safetensors";
  std::map<std::string, double> loss;
  for (const std::string precision : {"fp32", "bf16"}) {
    const fs::path out = dir / ("eval-" + precision);
    auto r = test::run_mcplm("--threads 1 interpolate --model " + model.string() + " --task-dir " +
                             task.string() + " --output-dir " + out.string() + " --ckpt1 " +
                             ckpt.string() + " --ckpt2 " + ckpt.string() +
                             " --points 2 --do-valid --precision " + precision);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    loss[precision] = dev_loss_at_zero(out);
  }
  std::cout << "dev loss fp32 " << loss["fp32"] << ", bf16 " << loss["bf16"] << "\n";
  EXPECT_NE(loss["bf16"], loss["fp32"]);  // bf16 did run in bf16
  EXPECT_NEAR(loss["bf16"], loss["fp32"], 1e-2 * loss["fp32"]);
}
