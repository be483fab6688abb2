// Process-wide set-up: thread counts and the BLAS check.
#pragma once
#include <string>

namespace mcplm {

// Sets LibTorch's intra-op threads (0 = number of cores) and OpenBLAS's own
// pool (matrix products; 0 = the same count). LibTorch calls OpenBLAS outside
// its parallel regions, so the two pools take turns rather than oversubscribe.
void configure_threads(int threads, int blas_threads = 0);
// OpenBLAS's thread count; 0 when OpenBLAS is not in use.
int blas_threads();

// "openblas" when OpenBLAS serves BLAS calls, "reference" otherwise.
std::string blas_vendor();
// A one-line warning when the reference BLAS is in use, else empty.
std::string blas_warning();

}  // namespace mcplm
