// Process-wide set-up: thread counts and the BLAS check.
#pragma once
#include <string>

namespace mcplm {

// Sets OpenBLAS's pthread pool, which runs the matrix products, to `threads`
// (0 = number of cores) and LibTorch's OpenMP intra-op pool, which runs the
// element-wise work, to `torch_threads` (0 = one). Measured on 2 idle cores
// (bench train, issue 10): 2 BLAS + 1 LibTorch thread made a t5-base update
// 6.1 s, 1 BLAS + 2 LibTorch 8.0 s, 2 + 2 (both pools spinning on the same
// cores) was slower still (t5-small 3.3 s against 1.8 s). Without OpenBLAS
// (reference BLAS) `threads` has no effect; with MKL (a PyTorch install's
// LibTorch), which runs on LibTorch's pool, `torch_threads` 0 means `threads`.
void configure_threads(int threads, int torch_threads = 0);
// OpenBLAS's thread count; 0 when OpenBLAS is not in use.
int blas_threads();

// "openblas" when OpenBLAS serves BLAS calls, "mkl" when this LibTorch was
// built with MKL, "reference" otherwise.
std::string blas_vendor();
// A one-line warning when the reference BLAS is in use, else empty.
std::string blas_warning();

}  // namespace mcplm
