#include "mcplm/io/safetensors.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "test_util.h"

using namespace mcplm;

namespace {

std::string with_header(const std::string& header, const std::string& data) {
  std::string out;
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  return out + header + data;
}

// The message of the InputError that parsing `bytes` throws ("" if none).
std::string parse_error(const std::string& bytes) {
  try {
    parse_safetensors(bytes, "bad.safetensors");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Safetensors, RoundTripsEveryDtypeAndMetadata) {
  ParamSet p;
  p.set("f64", torch::randn({2, 3}, torch::kFloat64));
  p.set("f32", torch::randn({4}));
  p.set("f16", torch::randn({3, 1}).to(torch::kFloat16));
  p.set("bf16", torch::randn({5}).to(torch::kBFloat16));
  p.set("i64", torch::arange(-3, 3, torch::kInt64));
  p.set("i32", torch::arange(0, 7, torch::kInt32).reshape({7, 1, 1}));
  p.set("i16", torch::tensor({-7, 300}, torch::kInt16));
  p.set("i8", torch::tensor({-128, 127}, torch::kInt8));
  p.set("u8", torch::tensor({0, 255}, torch::kUInt8));
  p.set("bool", torch::tensor({true, false, true}));
  p.set("empty", torch::zeros({0, 4}));
  p.set("scalar", torch::tensor(2.5f));
  auto path = test::temp_dir("st") / "all.safetensors";
  write_safetensors(path, p, {{"format", "pt"}, {"note", "ünïcode"}});

  std::string bytes = read_file_bytes(path);
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | static_cast<uint8_t>(bytes[i]);
  EXPECT_EQ(header_len % 8, 0u) << "header must be padded to 8 bytes";

  SafetensorsFile back = read_safetensors(path);
  EXPECT_EQ(back.metadata.at("note"), "ünïcode");
  ASSERT_EQ(back.tensors.names(), p.names());
  for (const auto& [name, tensor] : p) {
    const auto& got = back.tensors.at(name);
    EXPECT_EQ(got.scalar_type(), tensor.scalar_type()) << name;
    EXPECT_EQ(got.sizes(), tensor.sizes()) << name;
    EXPECT_TRUE(torch::equal(got, tensor)) << name;
  }
}

TEST(Safetensors, WritesNonContiguousTensorsByValue) {
  ParamSet p;
  torch::Tensor base = torch::arange(6, torch::kFloat32).reshape({2, 3});
  p.set("t", base.t());
  SafetensorsFile back = parse_safetensors(serialize_safetensors(p), "mem");
  EXPECT_TRUE(torch::equal(back.tensors.at("t"), base.t()));
}

TEST(Safetensors, CorruptFilesGiveOneLineErrors) {
  const std::string ok_entry = R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";
  const std::string data8(8, '\0');
  struct Case {
    const char* name;
    std::string bytes;
    const char* expected;
  };
  std::vector<Case> cases = {
      {"truncated", std::string("\x10\x00\x00", 3), "shorter than 8 bytes"},
      {"header past end", with_header("{}", "").substr(0, 8) + "{", "runs past the end"},
      {"header too long", std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8), "too large"},
      {"bad json", with_header("{\"a\":", ""), "not valid JSON"},
      {"not an object", with_header("[1,2]", ""), "not a JSON object"},
      {"unknown dtype",
       with_header(R"({"a":{"dtype":"F8","shape":[2],"data_offsets":[0,2]}})", "ab"),
       "unknown dtype F8"},
      {"wrong size",
       with_header(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", data8),
       "expected 12"},
      {"past data",
       with_header(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", data8),
       "past the data area"},
      {"overlap",
       with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                   R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                   data8),
       "overlap"},
      {"begin after end",
       with_header(R"({"a":{"dtype":"U8","shape":[0],"data_offsets":[8,4]}})", data8),
       "begin after end"},
      {"negative shape",
       with_header(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", data8),
       "non-negative"},
      {"missing dtype", with_header(R"({"a":{"shape":[2],"data_offsets":[0,8]}})", data8),
       "missing dtype"},
      {"metadata not string", with_header(R"({"__metadata__":{"k":1},)" + ok_entry + "}", data8),
       "not a string"},
      {"offsets not integers",
       with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0.5,8]}})", data8),
       "two non-negative integers"},
  };
  for (const auto& c : cases) {
    std::string error = parse_error(c.bytes);
    EXPECT_NE(error.find(c.expected), std::string::npos) << c.name << ": got '" << error << "'";
    EXPECT_EQ(error.rfind("bad.safetensors: ", 0), 0u) << c.name << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << c.name;
  }
  EXPECT_EQ(parse_error(with_header("{" + ok_entry + "}", data8)), "");
}

TEST(Safetensors, MissingFileNamesIt) {
  try {
    read_safetensors("/nonexistent/x.safetensors");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/x.safetensors: no such file");
  }
}
