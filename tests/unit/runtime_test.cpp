#include "mcplm/core/runtime.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "test_util.h"

TEST(Runtime, ThreadsGoToBlasAndTorchThreadsToLibTorch) {
  mcplm::configure_threads(2);
  // MKL's products run on LibTorch's pool, which then gets the BLAS threads.
  EXPECT_EQ(torch::get_num_threads(), mcplm::blas_vendor() == "mkl" ? 2 : 1);
  if (mcplm::blas_vendor() == "openblas") EXPECT_EQ(mcplm::blas_threads(), 2);
  mcplm::configure_threads(1, 2);
  EXPECT_EQ(torch::get_num_threads(), 2);
  if (mcplm::blas_vendor() == "openblas") EXPECT_EQ(mcplm::blas_threads(), 1);
  mcplm::configure_threads(1);
  EXPECT_EQ(torch::get_num_threads(), 1);
}

TEST(Runtime, BlasWarningOnlyForReferenceBlas) {
  const std::string vendor = mcplm::blas_vendor();
  ASSERT_TRUE(vendor == "openblas" || vendor == "mkl" || vendor == "reference") << vendor;
  EXPECT_EQ(mcplm::blas_warning().empty(), vendor != "reference");
}

TEST(Cli, HelpListsCommandsAndUnknownCommandFails) {
  auto help = mcplm::test::run_mcplm("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("dist"), std::string::npos) << help.output;
  EXPECT_NE(help.output.find("--threads"), std::string::npos) << help.output;
  auto bad = mcplm::test::run_mcplm("no-such-command");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_EQ(bad.output.rfind("mcplm: error: ", 0), 0u) << bad.output;
}
