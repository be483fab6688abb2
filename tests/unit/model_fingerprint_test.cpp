// model_fingerprint: the same files anywhere give one fingerprint; other
// weights or another config give another.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "mcplm/core/error.h"
#include "mcplm/io/model_fingerprint.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

// A model directory: config.json and a `size`-byte weight file of seeded bytes.
fs::path fake_model(const fs::path& dir, const std::string& config, std::size_t size,
                    unsigned seed) {
  fs::create_directories(dir);
  std::ofstream(dir / "config.json") << config;
  std::mt19937 rng(seed);
  std::string bytes(size, '\0');
  for (auto& b : bytes) b = static_cast<char>(rng());
  std::ofstream(dir / "model.safetensors", std::ios::binary) << bytes;
  std::ofstream(dir / "spiece.model") << "a tokenizer is not the model";
  return dir;
}

}  // namespace

TEST(ModelFingerprint, SameFilesAnywhereOtherWeightsOrConfigDiffer) {
  const fs::path dir = test::temp_dir("fingerprint");
  const std::string config = R"({"model_type": "t5", "d_model": 8})";
  const fs::path a = fake_model(dir / "a", config, 1 << 20, 1);
  const std::string fa = model_fingerprint(a);
  EXPECT_EQ(fa.size(), 16u);
  EXPECT_EQ(fa.find_first_not_of("0123456789abcdef"), std::string::npos) << fa;

  fs::copy(a, dir / "copy", fs::copy_options::recursive);
  EXPECT_EQ(model_fingerprint(dir / "copy"), fa);
  std::ofstream(dir / "copy" / "spiece.model") << "another tokenizer file";
  EXPECT_EQ(model_fingerprint(dir / "copy"), fa) << "tokenizer files are not weights";

  EXPECT_NE(model_fingerprint(fake_model(dir / "b", config, 1 << 20, 2)), fa);
  EXPECT_NE(model_fingerprint(fake_model(dir / "c", R"({"model_type": "t5", "d_model": 16})",
                                         1 << 20, 1)),
            fa);
  // A small file is read whole: one changed byte tells it apart.
  const fs::path small = fake_model(dir / "small", config, 1000, 1);
  const std::string fs_small = model_fingerprint(small);
  {
    std::fstream f(small / "model.safetensors", std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(500);
    const char byte = static_cast<char>(f.get() ^ 1);
    f.seekp(500);
    f.put(byte);
  }
  EXPECT_NE(model_fingerprint(small), fs_small);
}

TEST(ModelFingerprint, ADirectoryWithoutConfigIsNamed) {
  const fs::path dir = test::temp_dir("fingerprint-none");
  try {
    model_fingerprint(dir);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "config.json").string() + ": no such file");
  }
}
