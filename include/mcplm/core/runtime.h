// Process-wide set-up: thread counts and the BLAS check.
#pragma once
#include <string>

namespace mcplm {

// Sets LibTorch's intra-op threads (0 = number of cores) and OpenBLAS's own
// pthread pool (0 = one thread). One BLAS thread is the measured best on 2
// shared cores: with 2, OpenBLAS's spinning workers and LibTorch's OpenMP
// threads made a t5-small training step 4.5x slower (bench model, issue 10).
void configure_threads(int threads, int blas_threads = 0);
// OpenBLAS's thread count; 0 when OpenBLAS is not in use.
int blas_threads();

// "openblas" when OpenBLAS serves BLAS calls, "reference" otherwise.
std::string blas_vendor();
// A one-line warning when the reference BLAS is in use, else empty.
std::string blas_warning();

}  // namespace mcplm
