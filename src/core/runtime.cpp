#include "mcplm/core/runtime.h"

#include <dlfcn.h>
#include <torch/torch.h>

#include <thread>

namespace mcplm {

namespace {
using SetThreadsFn = void (*)(int);
using GetThreadsFn = int (*)();
}  // namespace

void configure_threads(int threads, int torch_threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (torch_threads <= 0) torch_threads = 1;
  torch::set_num_threads(torch_threads);
  if (auto set = reinterpret_cast<SetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    set(threads);
}

int blas_threads() {
  auto get = reinterpret_cast<GetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get ? get() : 0;
}

std::string blas_vendor() {
  return dlsym(RTLD_DEFAULT, "openblas_get_config") ? "openblas" : "reference";
}

std::string blas_warning() {
  if (blas_vendor() == "openblas") return "";
  return "the reference BLAS is in use and matrix products run ~30x slower; "
         "install libopenblas0-pthread (scripts/setup.sh does)";
}

}  // namespace mcplm
