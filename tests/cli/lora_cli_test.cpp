// End-to-end runs of LoRA on the toy task with a tiny T5: `tune --method
// lora`, the two straight paths of `interpolate --lora-space`, `dist`,
// `forward --adapters` against the original's LoRA, and `export --peft`.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/io/safetensors.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

// Two LoRA runs (seeds 20, 30) on a small toy subset, shared by the tests of
// one process.
const test::ToyRuns& endpoints() {
  static const test::ToyRuns runs = test::tune_two_toy_runs(
      fs::temp_directory_path() / ("mcplm-lora-" + std::to_string(::getpid())),
      "--method lora --lora-r 4 --lora-alpha 8", 15);
  return runs;
}

test::RunResult interpolate(const fs::path& out, const std::string& extra) {
  const test::ToyRuns& e = endpoints();
  return test::run_mcplm("--threads 1 interpolate --model " + e.model.string() + " --ckpt1 " +
                         e.a.string() + " --ckpt2 " + e.b.string() + " --task-dir " +
                         e.task.string() + " --output-dir " + out.string() +
                         " --do-valid --points 5 " + extra);
}

// x -> dev loss from points.jsonl.
std::map<double, double> dev_losses(const fs::path& dir) {
  std::map<double, double> losses;
  std::istringstream in(test::read_text(dir / "points.jsonl"));
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    losses[j["x"].get<double>()] = j["dev"]["loss"].get<double>();
  }
  return losses;
}

}  // namespace

TEST(LoraCli, TuneWritesTheFactorsWithRAndAlpha) {
  const test::ToyRuns& e = endpoints();
  SafetensorsFile ckpt = read_safetensors(e.a);
  EXPECT_EQ(ckpt.tensors.size(), 24u);  // (2 encoder x 2 + 2 decoder x 4) targets x {A, B}
  for (const auto& [name, t] : ckpt.tensors) {
    const bool a = name.size() > 7 && name.compare(name.size() - 7, 7, ".lora_A") == 0;
    const bool b = name.size() > 7 && name.compare(name.size() - 7, 7, ".lora_B") == 0;
    EXPECT_TRUE(a || b) << name;
    EXPECT_EQ(t.size(a ? 1 : 0), 4) << name;
  }
  EXPECT_EQ(ckpt.metadata.at("method"), "lora");
  EXPECT_EQ(ckpt.metadata.at("lora_r"), "4");
  EXPECT_EQ(ckpt.metadata.at("lora_alpha"), "8");
  // Trained: B is no longer zero.
  EXPECT_GT(
      ckpt.tensors.at("encoder.block.0.layer.0.SelfAttention.q.lora_B").abs().sum().item<double>(),
      0.0);
}

TEST(LoraCli, FactorAndMergedPathsAgreeAtTheEndsAndDifferBetween) {
  const fs::path out = test::temp_dir("lora-paths");
  auto factors = interpolate(out / "factors", "--lora-space factors");
  ASSERT_EQ(factors.exit_code, 0) << factors.output;
  auto merged = interpolate(out / "merged", "--lora-space merged");
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  const auto f = dev_losses(out / "factors"), m = dev_losses(out / "merged");
  ASSERT_EQ(f.size(), 5u);
  ASSERT_EQ(m.size(), 5u);
  const double end0 = std::abs(f.at(0.0) - m.at(0.0)), end1 = std::abs(f.at(1.0) - m.at(1.0));
  EXPECT_LE(end0, 1e-4 * std::abs(f.at(0.0)));
  EXPECT_LE(end1, 1e-4 * std::abs(f.at(1.0)));
  const double mid = std::abs(f.at(0.5) - m.at(0.5));
  EXPECT_GT(mid, 1e-3);
  std::cout << "dev loss, factors vs merged: x=0 " << f.at(0.0) << " vs " << m.at(0.0) << " (diff "
            << end0 << "), x=0.5 " << f.at(0.5) << " vs " << m.at(0.5) << " (diff " << mid
            << "), x=1 " << f.at(1.0) << " vs " << m.at(1.0) << " (diff " << end1 << ")\n";
  RecordProperty("midpoint_dev_loss_factors", std::to_string(f.at(0.5)));
  RecordProperty("midpoint_dev_loss_merged", std::to_string(m.at(0.5)));
  auto meta = nlohmann::json::parse(test::read_text(out / "merged" / "path.json"));
  EXPECT_EQ(meta["lora_space"], "merged");
  EXPECT_FALSE(meta.contains("curve"));

  // --compare-factors: both in one run, the factor path overlaid.
  auto both = interpolate(out / "both", "--lora-space merged --compare-factors");
  ASSERT_EQ(both.exit_code, 0) << both.output;
  EXPECT_EQ(dev_losses(out / "both" / "factors"), f);
  EXPECT_EQ(dev_losses(out / "both"), m);
  const std::string svg = test::read_text(out / "both" / "interpolation.svg");
  EXPECT_NE(svg.find("(factors)"), std::string::npos);
  EXPECT_NE(svg.find("merged LoRA updates"), std::string::npos);
}

TEST(LoraCli, MergedSpaceNeedsLoraCheckpoints) {
  const test::ToyRuns& e = endpoints();
  const fs::path dir = test::temp_dir("lora-full");
  auto full =
      test::run_mcplm("--threads 1 tune --quiet --model " + e.model.string() + " --task-dir " +
                      e.task.string() + " --output-dir " + (dir / "runs").string() +
                      " --method model --lr 1e-3 --bsz 16 --train-iters 1 --no-predict");
  ASSERT_EQ(full.exit_code, 0) << full.output;
  const fs::path ckpt = dir / "runs/lr_0.001_bsz_16_seed_42/checkpoint-last.safetensors";
  ASSERT_TRUE(fs::exists(ckpt)) << full.output;
  auto r = test::run_mcplm("--threads 1 interpolate --model " + e.model.string() + " --ckpt1 " +
                           ckpt.string() + " --ckpt2 " + ckpt.string() + " --task-dir " +
                           e.task.string() + " --output-dir " + (dir / "out").string() +
                           " --do-valid --points 2 --lora-space merged");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--lora-space merged needs LoRA checkpoints"), std::string::npos)
      << r.output;
}

TEST(LoraCli, DistReportsFactorsAndMergedUpdates) {
  const test::ToyRuns& e = endpoints();
  const fs::path out = test::temp_dir("lora-dist");
  auto r = test::run_mcplm("dist --input1 " + e.a.string() + " --input2 " + e.b.string() +
                           " --output " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("LoRA factors:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("merged updates"), std::string::npos) << r.output;
  auto j = nlohmann::json::parse(test::read_text(out / "distance.json"));
  EXPECT_EQ(j["count"], 24 * 4 * 64);
  EXPECT_EQ(j["merged"]["count"], 12 * 64 * 64);
  EXPECT_GT(j["merged"]["l2"].get<double>(), 0.0);
}

TEST(LoraCli, ForwardWithTheOriginalsFactorsMatchesItsLogits) {
  const fs::path dir = test::temp_dir("lora-forward");
  const fs::path lora = test::fixtures() / "lora";
  auto ref = read_safetensors(lora / "lora_forward.safetensors").tensors;
  ParamSet inputs;
  for (const char* name : {"input_ids", "attention_mask", "labels", "decoder_attention_mask"})
    inputs.set(name, ref.at(name));
  write_safetensors(dir / "inputs.safetensors", inputs);
  const std::string base = "forward --model " + (test::fixtures() / "t5-tiny").string() +
                           " --inputs " + (dir / "inputs.safetensors").string();
  // The fixture does not record alpha: --lora-alpha gives it.
  auto r = test::run_mcplm(base + " --adapters " + (lora / "lora_weights.safetensors").string() +
                           " --lora-alpha 8 --output " + (dir / "out.safetensors").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto out = read_safetensors(dir / "out.safetensors").tensors;
  EXPECT_LE((out.at("logits") - ref.at("logits")).abs().max().item<double>(), 1e-4);

  // The same factors through a peft directory (export --peft) give the same logits.
  auto exported = test::run_mcplm("export --model " + (test::fixtures() / "t5-tiny").string() +
                                  " --checkpoint " + (lora / "lora_weights.safetensors").string() +
                                  " --lora-alpha 8 --peft " + (dir / "peft").string());
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_TRUE(fs::exists(dir / "peft" / "adapter_config.json"));
  auto again = test::run_mcplm(base + " --adapters " + (dir / "peft").string() + " --output " +
                               (dir / "peft.safetensors").string());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_TRUE(torch::equal(read_safetensors(dir / "peft.safetensors").tensors.at("logits"),
                           out.at("logits")));
  auto same = test::run_mcplm("dist --input1 " + (lora / "lora_weights.safetensors").string() +
                              " --input2 " + (dir / "peft").string());
  ASSERT_EQ(same.exit_code, 0) << same.output;
  EXPECT_NE(same.output.find("L2 distance:      0\n"), std::string::npos) << same.output;
}

TEST(LoraCli, UnsupportedPeftTargetsAreAOneLineError) {
  const fs::path dir = test::temp_dir("lora-peft-bad");
  const fs::path lora = test::fixtures() / "lora";
  ASSERT_EQ(test::run_mcplm("export --model " + (test::fixtures() / "t5-tiny").string() +
                            " --checkpoint " + (lora / "lora_weights.safetensors").string() +
                            " --peft " + (dir / "peft").string())
                .exit_code,
            0);
  auto config = nlohmann::json::parse(test::read_text(dir / "peft" / "adapter_config.json"));
  config["target_modules"] = {"q", "k", "v", "o"};
  std::ofstream(dir / "peft" / "adapter_config.json") << config.dump();
  auto r = test::run_mcplm("dist --input1 " + (dir / "peft").string() + " --input2 " +
                           (dir / "peft").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("mcplm: error: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("target_modules k, o, q, v are not supported"), std::string::npos)
      << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

TEST(LoraCli, RobertaTunesFactorsAndHeadAndItsPathsAgreeAtTheEnds) {
  const fs::path dir = test::temp_dir("lora-roberta");
  const fs::path toy = test::toy_dir();
  const fs::path model = dir / "roberta-tiny";
  ASSERT_EQ(
      test::run_mcplm("init --family roberta --config " + (toy / "roberta-tiny.json").string() +
                      " --tokenizer " + (toy / "roberta-tokenizer").string() + " --out " +
                      model.string() + " --seed 1")
          .exit_code,
      0);
  const fs::path task = test::toy_task_subset(dir / "data", 64, 16, 16);
  for (int seed : {1, 2}) {
    auto r = test::run_mcplm("--threads 1 tune --quiet --model " + model.string() + " --task-dir " +
                             task.string() + " --output-dir " + (dir / "runs").string() +
                             " --method lora --lora-r 2 --optimizer adamw --lr 1e-2 --bsz 16 "
                             "--train-iters 4 --no-predict --metric ACC --seed " +
                             std::to_string(seed));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const fs::path a = dir / "runs/lr_0.01_bsz_16_seed_1/checkpoint-last.safetensors";
  const fs::path b = dir / "runs/lr_0.01_bsz_16_seed_2/checkpoint-last.safetensors";
  SafetensorsFile ckpt = read_safetensors(a);
  std::size_t factors = 0, head = 0;
  for (const auto& [name, t] : ckpt.tensors) {
    if (name.find(".lora_") != std::string::npos) {
      ++factors;
      EXPECT_TRUE(name.find(".query.lora_") != std::string::npos ||
                  name.find(".value.lora_") != std::string::npos)
          << name;
    } else {
      ++head;
      EXPECT_EQ(name.rfind("classifier.", 0), 0u) << name;
    }
  }
  EXPECT_GT(factors, 0u);
  EXPECT_EQ(head, 4u);
  std::map<std::string, std::map<double, double>> losses;
  for (const char* space : {"factors", "merged"}) {
    auto r = test::run_mcplm("--threads 1 interpolate --model " + model.string() + " --ckpt1 " +
                             a.string() + " --ckpt2 " + b.string() + " --task-dir " +
                             task.string() + " --output-dir " + (dir / space).string() +
                             " --do-valid --points 3 --metric ACC --lora-space " + space);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    losses[space] = dev_losses(dir / space);
  }
  for (double x : {0.0, 1.0})
    EXPECT_NEAR(losses["factors"].at(x), losses["merged"].at(x), 1e-4) << "x = " << x;
}
