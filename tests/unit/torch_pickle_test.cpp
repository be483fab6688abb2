#include "mcplm/io/torch_pickle.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/load_params.h"
#include "test_util.h"

using namespace mcplm;
using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

void expect_identical(const ParamSet& a, const ParamSet& b) {
  std::vector<std::string> na = a.names(), nb = b.names();
  std::sort(na.begin(), na.end());
  std::sort(nb.begin(), nb.end());
  ASSERT_EQ(na, nb);
  for (const auto& [name, t] : a) {
    EXPECT_EQ(t.scalar_type(), b.at(name).scalar_type()) << name;
    EXPECT_TRUE(torch::equal(t, b.at(name))) << name;
  }
}

std::string unpickle_error(const std::string& pickle) {
  try {
    unpickle(pickle, "bad.pkl", [](const std::string&) { return std::string(8, '\0'); });
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(TorchPickle, PytorchModelBinEqualsSafetensors) {
  auto dir = test::fixtures() / "t5-tiny";
  ParamSet from_bin = load_params(dir / "pytorch_model.bin").params;
  ParamSet from_st = load_params(dir / "model.safetensors").params;
  EXPECT_GT(from_bin.size(), 20u);
  expect_identical(from_bin, from_st);
}

TEST(TorchPickle, RobertaBinEqualsSafetensors) {
  auto dir = test::fixtures() / "roberta-tiny";
  expect_identical(load_params(dir / "pytorch_model.bin").params,
                   load_params(dir / "model.safetensors").params);
}

TEST(TorchPickle, HfDirectoryPrefersSafetensorsAndReadsShards) {
  auto src = test::fixtures() / "t5-tiny";
  ParamSet all = load_hf_weights(src);
  EXPECT_TRUE(all.contains("shared.weight"));

  // A two-shard index over the same tensors.
  auto dir = test::temp_dir("sharded");
  ParamSet first, second;
  nlohmann::json map;
  std::size_t i = 0;
  for (const auto& [name, t] : all) {
    bool in_first = i++ % 2 == 0;
    (in_first ? first : second).set(name, t);
    map[name] = in_first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
  }
  write_safetensors(dir / "model-00001-of-00002.safetensors", first);
  write_safetensors(dir / "model-00002-of-00002.safetensors", second);
  std::ofstream(dir / "model.safetensors.index.json") << nlohmann::json{{"weight_map", map}}.dump();
  expect_identical(load_hf_weights(dir), all);
}

TEST(TorchPickle, OriginalCheckpointEntries) {
  auto pt = test::fixtures() / "original_adapter_checkpoint.pt";
  ParamSet adapter = load_params(pt, "adapter").params;
  ParamSet expected = read_safetensors(test::fixtures() / "t5_adapter_weights.safetensors").tensors;
  expect_identical(adapter, expected);

  // Views of one shared storage, with offsets and strides.
  ParamSet model = load_params(pt, "model").params;
  torch::Tensor matrix = torch::arange(12, torch::kFloat32).reshape({3, 4});
  EXPECT_TRUE(torch::equal(model.at("matrix"), matrix));
  EXPECT_TRUE(torch::equal(model.at("transposed"), matrix.t()));
  EXPECT_TRUE(torch::equal(model.at("tail"), torch::arange(8, 12, torch::kFloat32)));

  // Opaque objects (argparse.Namespace) are kept as placeholders, never run.
  PickleValue top = load_torch_pickle(pt);
  const PickleValue* args = top.find("args");
  ASSERT_NE(args, nullptr);
  EXPECT_EQ(args->kind, PickleValue::Kind::Opaque);
  EXPECT_EQ(args->opaque->name, "Namespace");
  EXPECT_EQ(top.find("step")->i, 100);
}

TEST(TorchPickle, RefusesToRunCode) {
  fs::remove("/tmp/mcplm-pickle-was-executed");
  try {
    load_params(test::fixtures() / "evil.pt", "adapter");
    FAIL() << "expected a refusal";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("refusing to call posix.system"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists("/tmp/mcplm-pickle-was-executed"));
}

TEST(TorchPickle, MalformedInputs) {
  EXPECT_NE(unpickle_error("\x80\x02\xff"s).find("unsupported pickle opcode 0xff"),
            std::string::npos);
  EXPECT_NE(unpickle_error("\x80\x02X\x10\x00\x00\x00"
                           "abc"s)
                .find("past the end"),
            std::string::npos);
  EXPECT_NE(unpickle_error("\x80\x02}"s).find("unexpected end"), std::string::npos);
  EXPECT_NE(unpickle_error("\x80\x02h\x05."s).find("memo key 5"), std::string::npos);
  EXPECT_NE(unpickle_error("\x80\x02s."s).find("stack underflow"), std::string::npos);
  EXPECT_NE(unpickle_error(std::string("\x80\x02\x31", 3)).find("no mark"), std::string::npos);

  auto dir = test::temp_dir("bad");
  std::ofstream(dir / "legacy.bin", std::ios::binary) << std::string("\x80\x02\x8a\x0a", 4);
  std::ofstream(dir / "junk.bin", std::ios::binary) << "hello world";
  for (auto [file, expected] : {std::pair{"legacy.bin", "re-save it with a newer torch"},
                                std::pair{"junk.bin", "not a torch zip"}}) {
    try {
      load_params(dir / file);
      FAIL() << file;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
    }
  }
  // A zip whose data.pkl is cut short.
  std::string zip = read_file_bytes(test::fixtures() / "original_adapter_checkpoint.pt");
  std::ofstream(dir / "cut.pt", std::ios::binary) << zip.substr(0, zip.size() / 2);
  EXPECT_THROW(load_params(dir / "cut.pt", "adapter"), InputError);
}

TEST(TorchPickle, StateDictEntryMissing) {
  try {
    load_torch_state_dict(test::fixtures() / "original_adapter_checkpoint.pt", "optimizer");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("entry 'optimizer' is not a state dict"),
              std::string::npos);
  }
}

namespace {

// A protocol-2 pickle calling module.name("touch FILE") through GLOBAL+REDUCE
// (`reduce`), STACK_GLOBAL+REDUCE (`stack`) or GLOBAL+NEWOBJ (`newobj`).
std::string code_pickle(const std::string& module, const std::string& name,
                        const std::string& how, const std::string& file) {
  auto unicode = [](const std::string& s) {
    std::string out = "X";
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((s.size() >> (8 * i)) & 0xff));
    return out + s;
  };
  std::string callable = how == "stack" ? unicode(module) + unicode(name) + "\x93"
                                        : "c" + module + "\n" + name + "\n";
  std::string args = unicode("touch " + file) + "\x85";
  return "\x80\x02"s + callable + args + (how == "newobj" ? "\x81" : "R") + ".";
}

}  // namespace

TEST(TorchPickle, RefusesEveryWayToRunCode) {
  const std::string marker = (test::temp_dir("evil") / "ran").string();
  const std::pair<const char*, const char*> callables[] = {
      {"os", "system"},          {"posix", "system"},        {"nt", "system"},
      {"os", "popen"},           {"builtins", "eval"},       {"builtins", "exec"},
      {"__builtin__", "eval"},   {"builtins", "__import__"}, {"subprocess", "Popen"},
      {"subprocess", "call"},    {"subprocess", "run"},      {"subprocess", "check_output"},
      {"importlib", "import_module"}, {"runpy", "run_path"}};
  for (const auto& [module, name] : callables)
    for (const char* how : {"reduce", "stack", "newobj"}) {
      std::string error = unpickle_error(code_pickle(module, name, how, marker));
      EXPECT_NE(error.find("refusing to call "s + module + "." + name), std::string::npos)
          << module << "." << name << " via " << how << ": " << error;
    }
  EXPECT_FALSE(fs::exists(marker));
}

TEST(TorchPickle, DeepNestingNeitherOverflowsTheStackNorFails) {
  // [[[[...]]]] a million lists deep: EMPTY_LIST x n, then APPEND x (n - 1).
  const std::size_t n = 1'000'000;
  std::string pickle = "\x80\x02"s + std::string(n, ']') + std::string(n - 1, 'a') + ".";
  PickleValue top = unpickle(pickle, "deep.pkl", [](const std::string&) { return ""s; });
  EXPECT_EQ(top.kind, PickleValue::Kind::List);
  ASSERT_EQ(top.items->size(), 1u);
}
