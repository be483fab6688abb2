// `--config FILE`: a command's options from a TOML file or an original
// RoBERTa JSON config, the command line winning; keys that are no option
// named with file and line.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "mcplm/config/original_json_config.h"
#include "mcplm/core/error.h"
#include "mcplm/io/safetensors.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

nlohmann::json recorded_options(const fs::path& run) {
  return nlohmann::json::parse(
      read_safetensors_metadata(run / "checkpoint-last.safetensors").at("options"));
}

}  // namespace

TEST(ConfigFile, TomlSetsTheOptionsAndTheCommandLineWins) {
  const fs::path dir = test::temp_dir("config-toml");
  const fs::path model = test::init_tiny_t5(dir / "t5");
  const fs::path task = test::toy_task_subset(dir / "data", 64, 8, 8);
  std::ofstream(dir / "sweep.toml") << "# a sweep's settings\n"
                                       "method = \"adapter\"\n"
                                       "adapter-size = 4\n"
                                       "lr = 0.01\n"
                                       "bsz = 16\n"
                                       "train-iters = 2\n"
                                       "no-predict = true\n"
                                       "seed = 20\n";
  const std::string common = " --quiet --model " + model.string() + " --task-dir " +
                             task.string() + " --output-dir " + (dir / "out").string();
  auto r = test::run_mcplm("--threads 1 tune --config " + (dir / "sweep.toml").string() + common);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json options = recorded_options(dir / "out" / "lr_0.01_bsz_16_seed_20");
  EXPECT_EQ(options["train_iters"], 2) << options.dump();
  EXPECT_EQ(options["adapter_size"], 4) << options.dump();

  // Before the command too; --seed on the command line wins over the file's.
  auto again = test::run_mcplm("--threads 1 --config " + (dir / "sweep.toml").string() +
                               " tune --seed 30" + common);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "lr_0.01_bsz_16_seed_30" / "checkpoint-last.safetensors"));
}

TEST(ConfigFile, AKeyThatIsNoOptionIsNamedWithFileAndLine) {
  const fs::path dir = test::temp_dir("config-bad");
  std::ofstream(dir / "bad.toml") << "lr = 0.01\n\ntrain-iter = 2\n";
  auto r = test::run_mcplm("tune --config " + (dir / "bad.toml").string() +
                           " --model m --task-dir t --output-dir o");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(r.output, "mcplm: error: " + (dir / "bad.toml").string() +
                          ":3: 'train-iter' is not an option of mcplm tune (did you mean "
                          "'train-iters'?)\n");
  // init keeps its own --config (a model shape).
  auto init = test::run_mcplm("init --help");
  EXPECT_NE(init.output.find("--config"), std::string::npos) << init.output;
}

// The original's RoBERTa config as it is (RoBERTa_model/configs/
// adapter_roberta-base/mnli.json, model and steps changed for the toy).
TEST(ConfigFile, AnOriginalRobertaJsonConfigRunsAsItIs) {
  const fs::path dir = test::temp_dir("config-json");
  const fs::path toy = test::toy_dir();
  const fs::path model = dir / "roberta-tiny";
  ASSERT_EQ(test::run_mcplm("init --family roberta --config " + (toy / "roberta-tiny.json").string() +
                            " --tokenizer " + (toy / "roberta-tokenizer").string() + " --out " +
                            model.string() + " --seed 1")
                .exit_code,
            0);
  std::ofstream(dir / "mnli.json") << R"({
    "bottleneck_dim": 8,
    "dataset_config_name": ["en"],
    "delta_type": "adapter",
    "do_eval": true,
    "do_test": true,
    "do_train": true,
    "eval_dataset_name": "mnli",
    "eval_steps": 2,
    "evaluation_strategy": "steps",
    "greater_is_better": true,
    "learning_rate": 0.0003,
    "load_best_model_at_end": true,
    "max_source_length": 64,
    "metric_for_best_model": "eval_accuracy",
    "model_name_or_path": ")" + model.string() + R"(",
    "max_steps": 4,
    "output_dir": "roberta-base_adapter_output/mnli-ckpt15000-seed20/",
    "overwrite_output_dir": true,
    "per_device_eval_batch_size": 32,
    "per_device_train_batch_size": 16,
    "predict_with_generate": true,
    "push_to_hub": false,
    "save_steps": 4,
    "save_strategy": "steps",
    "save_total_limit": 10,
    "seed": 20,
    "task_name": "mnli",
    "tokenizer_name": "roberta-base",
    "unfrozen_modules": ["deltas", "layer_norm", "final_layer_norm", "classifier"],
    "warmup_steps": 0
})";
  const fs::path task = test::toy_task_subset(dir / "data", 64, 8, 8);
  auto r = test::run_mcplm("--threads 1 tune --quiet --config " + (dir / "mnli.json").string() +
                           " --tokenizer " + model.string() + " --task-dir " + task.string() +
                           " --output-dir " + (dir / "out").string() + " --no-predict");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const fs::path run = dir / "out" / "lr_0.0003_bsz_16_seed_20";
  const nlohmann::json options = recorded_options(run);
  EXPECT_EQ(options["train_iters"], 4) << options.dump();
  EXPECT_EQ(options["roberta_adapter_size"], 8) << options.dump();
  EXPECT_EQ(options["roberta_max_length"], 64) << options.dump();
  EXPECT_EQ(read_safetensors_metadata(run / "checkpoint-last.safetensors").at("method"), "adapter");
}

TEST(OriginalJsonConfig, MapsKeysKeepsTheFilesOrderAndNamesAnUnknownKey) {
  const std::string text =
      "{\n  \"task_name\": \"rte\",\n  \"delta_type\": \"none\",\n  \"learning_rate\": 1e-05,\n"
      "  \"do_train\": true,\n  \"path1\": \"a/checkpoint-10000\"\n}";
  const std::vector<ConfigOption> options = original_json_config(text, "c.json");
  ASSERT_EQ(options.size(), 4u);
  EXPECT_EQ(options[0].name, "task-dir");
  EXPECT_EQ(options[0].values, std::vector<std::string>{"data/glue-rte"});
  EXPECT_EQ(options[0].line, 2u);
  EXPECT_EQ(options[1].name, "method");
  EXPECT_EQ(options[1].values, std::vector<std::string>{"model"});
  EXPECT_EQ(options[2].name, "lr");
  EXPECT_EQ(options[2].values, std::vector<std::string>{"1e-05"});
  EXPECT_EQ(options[3].name, "ckpt1");
  try {
    original_json_config("{\n \"learning_rate\": 1,\n \"fp16\": true\n}", "c.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("c.json:3: 'fp16' is not a key", 0), 0u) << e.what();
  }
  EXPECT_THROW(original_json_config("{\"delta_type\": \"prefix\"}", "c.json"), InputError);
  EXPECT_THROW(original_json_config("[1, 2]", "c.json"), InputError);
}
