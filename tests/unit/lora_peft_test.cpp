// peft LoRA directories: one made here as peft writes it loads to the same
// factors; export → load round trips; unsupported configurations are clear
// errors.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/io/json_file.h"
#include "mcplm/io/safetensors.h"
#include "mcplm/model/peft_lora.h"
#include "test_util.h"

namespace mcplm {
namespace {

namespace fs = std::filesystem;

ParamSet fixture_factors() {
  return read_safetensors(test::fixtures() / "lora" / "lora_weights.safetensors").tensors;
}

// The fixture's factors as peft saves them: prefixed names, `.weight`,
// nn.Linear layout ([r, in] and [out, r]).
fs::path make_peft_dir(const std::string& name, const nlohmann::json& config) {
  const fs::path dir = test::temp_dir(name);
  ParamSet peft;
  for (const auto& [n, t] : fixture_factors())
    peft.set("base_model.model." + n + ".weight", t.t().contiguous());
  write_safetensors(dir / "adapter_model.safetensors", peft, {{"format", "pt"}});
  std::ofstream(dir / "adapter_config.json") << config.dump(2);
  return dir;
}

nlohmann::json t5_config() {
  return {{"peft_type", "LORA"}, {"task_type", "SEQ_2_SEQ_LM"}, {"r", 2},
          {"lora_alpha", 8},     {"lora_dropout", 0.1},         {"target_modules", {"q", "v"}},
          {"bias", "none"},      {"fan_in_fan_out", false},     {"modules_to_save", nullptr}};
}

std::string error_of(const fs::path& dir) {
  try {
    read_peft_lora(dir);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(PeftLora, ADirectoryAsPeftWritesItLoadsToTheSameFactors) {
  const fs::path dir = make_peft_dir("peft-t5", t5_config());
  ASSERT_TRUE(is_peft_lora_dir(dir));
  LoadedParams loaded = load_tuned_params(dir, "lora");
  ParamSet want = fixture_factors();
  EXPECT_EQ(loaded.params.names(), want.names());
  for (const auto& [name, t] : want) EXPECT_TRUE(torch::equal(loaded.params.at(name), t)) << name;
  EXPECT_EQ(loaded.metadata.at("method"), "lora");
  EXPECT_EQ(loaded.metadata.at("lora_r"), "2");
  EXPECT_EQ(loaded.metadata.at("lora_alpha"), "8");
  EXPECT_EQ(loaded.metadata.at("lora_dropout"), "0.1");
  const LoraConfig c = lora_config_of(loaded, LoraConfig{}, dir.string());
  EXPECT_EQ(c.r, 2);
  EXPECT_EQ(c.alpha, 8.0);
}

TEST(PeftLora, ExportThenLoadRoundTrips) {
  ParamSet tuned = fixture_factors();
  tuned.set("classifier.out_proj.weight", torch::randn({3, 32}));
  const fs::path dir = test::temp_dir("peft-export");
  write_peft_lora(dir, tuned, LoraConfig{2, 8.0, 0.0}, ModelFamily::Roberta, "base");
  // What peft reads: its names and layout, its config keys.
  ParamSet written = read_safetensors(dir / "adapter_model.safetensors").tensors;
  const std::string first =
      "base_model.model.encoder.block.0.layer.0.SelfAttention.q.lora_A.weight";
  ASSERT_TRUE(written.contains(first));
  EXPECT_EQ(written.at(first).sizes(), (std::vector<int64_t>{2, 32}));
  EXPECT_TRUE(written.contains("base_model.model.classifier.out_proj.weight"));
  nlohmann::json config = read_json_file(dir / "adapter_config.json");
  EXPECT_EQ(config["peft_type"], "LORA");
  EXPECT_EQ(config["r"], 2);
  EXPECT_EQ(config["lora_alpha"], 8.0);
  EXPECT_EQ(config["task_type"], "SEQ_CLS");
  EXPECT_EQ(config["modules_to_save"], nlohmann::json::array({"classifier"}));
  // mcplm's own export targets T5's q and v only for T5; the fixture's names are T5's,
  // so read it back as a T5 directory.
  write_peft_lora(dir, tuned, LoraConfig{2, 8.0, 0.0}, ModelFamily::T5, "base");
  LoadedParams back = read_peft_lora(dir);
  EXPECT_EQ(back.params.names(), tuned.names());
  for (const auto& [name, t] : tuned) EXPECT_TRUE(torch::equal(back.params.at(name), t)) << name;
}

TEST(PeftLora, UnsupportedTargetsAreAClearError) {
  nlohmann::json config = t5_config();
  config["target_modules"] = {"q", "k", "v"};
  const std::string what = error_of(make_peft_dir("peft-qkv", config));
  EXPECT_NE(what.find("adapter_config.json"), std::string::npos) << what;
  EXPECT_NE(what.find("target_modules k, q, v are not supported"), std::string::npos) << what;
  config["target_modules"] = ".*SelfAttention.(q|v)";
  EXPECT_NE(error_of(make_peft_dir("peft-regex", config)).find("must be a list"),
            std::string::npos);
}

TEST(PeftLora, OtherPeftKindsAreRefused) {
  for (const auto& [key, value] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"peft_type", "IA3"}, {"use_rslora", true}, {"use_dora", true}, {"bias", "all"}}) {
    nlohmann::json config = t5_config();
    config[key] = value;
    EXPECT_NE(error_of(make_peft_dir("peft-" + key, config)), "") << key;
  }
  nlohmann::json config = t5_config();
  config["r"] = 3;  // the factors have rank 2
  EXPECT_NE(error_of(make_peft_dir("peft-rank", config)).find("r = 3"), std::string::npos);
}

}  // namespace
}  // namespace mcplm
