#include "mcplm/core/precision.h"

#include <ATen/Context.h>
#include <ATen/autocast_mode.h>

namespace mcplm {

const char* precision_name(Precision precision) {
  switch (precision) {
    case Precision::TF32:
      return "tf32";
    case Precision::BF16:
      return "bf16";
    default:
      return "fp32";
  }
}

PrecisionScope::PrecisionScope(Precision precision, c10::Device device)
    : cuda_(device.is_cuda()) {
  was_tf32_cublas_ = at::globalContext().allowTF32CuBLAS();
  was_tf32_cudnn_ = at::globalContext().allowTF32CuDNN();
  if (precision == Precision::TF32 && cuda_) {
    at::globalContext().setAllowTF32CuBLAS(true);
    at::globalContext().setAllowTF32CuDNN(true);
  }
  if (precision != Precision::BF16) return;
  autocast_ = true;
  if (cuda_) {
    was_enabled_ = at::autocast::is_enabled();
    was_dtype_ = at::autocast::get_autocast_gpu_dtype();
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(true);
  } else {
    was_enabled_ = at::autocast::is_cpu_enabled();
    was_dtype_ = at::autocast::get_autocast_cpu_dtype();
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::set_cpu_enabled(true);
  }
  at::autocast::increment_nesting();
}

PrecisionScope::~PrecisionScope() {
  if (cuda_) {
    at::globalContext().setAllowTF32CuBLAS(was_tf32_cublas_);
    at::globalContext().setAllowTF32CuDNN(was_tf32_cudnn_);
  }
  if (!autocast_) return;
  // The cast weights are cached while autocast is on: drop them at the end.
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  if (cuda_) {
    at::autocast::set_enabled(was_enabled_);
    at::autocast::set_autocast_gpu_dtype(was_dtype_);
  } else {
    at::autocast::set_cpu_enabled(was_enabled_);
    at::autocast::set_autocast_cpu_dtype(was_dtype_);
  }
}

}  // namespace mcplm
