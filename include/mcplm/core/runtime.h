// Process-wide set-up: thread counts and the BLAS check.
#pragma once
#include <string>

namespace mcplm {

// Sets LibTorch's intra-op threads (0 = number of cores) and keeps OpenBLAS's
// own pool at one thread so the two do not oversubscribe the cores.
void configure_threads(int threads);

// "openblas" when OpenBLAS serves BLAS calls, "reference" otherwise.
std::string blas_vendor();
// A one-line warning when the reference BLAS is in use, else empty.
std::string blas_warning();

}  // namespace mcplm
