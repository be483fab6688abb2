// --device parsing, the CUDA checks, and moving batches and parameter sets.
#include "mcplm/core/device.h"

#include <gtest/gtest.h>
#include <torch/cuda.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/core/param_set.h"
#include "mcplm/data/batch.h"
#include "test_util.h"

using namespace mcplm;

namespace {

// The message of the InputError parse_device(text) throws ("" when none).
std::string parse_error(const std::string& text) {
  try {
    parse_device(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Device, ParsesCpu) { EXPECT_EQ(parse_device("cpu"), c10::Device(c10::kCPU)); }

TEST(Device, RejectsOtherNamesNamingTheFlag) {
  for (const char* bad :
       {"", "gpu", "CPU", "cuda:", "cuda:x", "cuda:-1", "cuda:0:1", "cuda:1.5", "cuda0", "mps"}) {
    const std::string message = parse_error(bad);
    EXPECT_EQ(message.rfind(std::string("--device ") + bad + ": ", 0), 0u)
        << "'" << bad << "': " << message;
  }
}

TEST(Device, CudaNeedsACudaLibTorchAndADevice) {
  if (torch::cuda::is_available()) {
    EXPECT_EQ(parse_device("cuda"), c10::Device(c10::kCUDA));
    EXPECT_EQ(parse_device("cuda:0"), c10::Device(c10::kCUDA, 0));
    const std::string beyond = "cuda:" + std::to_string(torch::cuda::device_count());
    EXPECT_NE(parse_error(beyond).find("CUDA device(s) visible"), std::string::npos);
    return;
  }
  for (const std::string name : {"cuda", "cuda:0", "cuda:3"}) {
    const std::string message = parse_error(name);
    EXPECT_EQ(message.rfind("--device " + name + ": ", 0), 0u) << message;
    EXPECT_NE(message.find("(torch::cuda::is_available() is false)"), std::string::npos) << message;
  }
}

TEST(Device, BatchesMoveWithTheirRowsAndKeepUndefinedTensors) {
  Batch cpu;
  cpu.input_ids = torch::tensor({{5, 6, 1}}, torch::kLong);
  cpu.attention_mask = torch::ones({1, 3}, torch::kLong);
  cpu.labels = torch::tensor({2}, torch::kLong);
  cpu.examples = {7};
  const Batch moved = cpu.to(test::device());
  EXPECT_EQ(moved.input_ids.device(), test::device());
  EXPECT_EQ(moved.labels.device(), test::device());
  EXPECT_FALSE(moved.decoder_attention_mask.defined());
  EXPECT_EQ(moved.examples, cpu.examples);
  EXPECT_TRUE(torch::equal(moved.input_ids.to(torch::kCPU), cpu.input_ids));
}

TEST(Device, ParamSetsMoveInOrder) {
  ParamSet params;
  params.set("b", torch::ones({2}));
  params.set("a", torch::zeros({3}));
  const ParamSet moved = params.to(test::device());
  EXPECT_EQ(moved.names(), params.names());
  EXPECT_EQ(moved.at("a").device(), test::device());
  EXPECT_TRUE(torch::equal(moved.at("b").to(torch::kCPU), params.at("b")));
}
