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
  // MKL (a PyTorch install's LibTorch) runs its products on LibTorch's pool.
  if (torch_threads <= 0) torch_threads = blas_vendor() == "mkl" ? threads : 1;
  torch::set_num_threads(torch_threads);
  if (auto set = reinterpret_cast<SetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    set(threads);
}

int blas_threads() {
  auto get = reinterpret_cast<GetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get ? get() : 0;
}

std::string blas_vendor() {
  if (dlsym(RTLD_DEFAULT, "openblas_get_config")) return "openblas";
  return at::globalContext().hasMKL() ? "mkl" : "reference";
}

std::string blas_warning() {
  if (blas_vendor() != "reference") return "";
  return "the reference BLAS is in use and matrix products run ~30x slower; "
         "install libopenblas0-pthread (scripts/setup.sh does)";
}

}  // namespace mcplm
