// Numeric precision of the model's arithmetic (`--precision`):
//   fp32: plain float32 everywhere (the parity numbers);
//   tf32: float32 tensors, TF32 matrix products on a GPU (no effect on a CPU);
//   bf16: forward and backward under autocast to bfloat16 (matrix products
//         and their kin in bf16, reductions and losses in fp32), the weights
//         and the optimizer state staying fp32; evaluation the same way.
#pragma once
#include <c10/core/Device.h>

namespace mcplm {

enum class Precision { FP32, TF32, BF16 };

// "fp32" | "tf32" | "bf16".
const char* precision_name(Precision precision);

// For its lifetime, runs the model's arithmetic on `device` at `precision`;
// the previous settings come back when it ends.
class PrecisionScope {
 public:
  PrecisionScope(Precision precision, c10::Device device);
  ~PrecisionScope();
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

 private:
  bool autocast_ = false, cuda_ = false, was_enabled_ = false;
  bool was_tf32_cublas_ = false, was_tf32_cudnn_ = false;
  c10::ScalarType was_dtype_ = c10::ScalarType::Float;
};

}  // namespace mcplm
