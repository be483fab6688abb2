// LoRA (the original's module/lora.py, `Linear`): a frozen linear layer W
// [out, in] plus a low-rank update trained in its place,
//
//   y = x·Wᵀ (+ bias) + (dropout(x)·A·B)·(alpha / r)
//
// with A = lora_A [in, r] and B = lora_B [r, out], registered on the linear
// module itself, so that the names are the original's:
// `encoder.block.0.layer.0.SelfAttention.q.lora_A`. The merged update of one
// target is ΔW = (A·B)ᵀ·(alpha / r) [out, in], laid out like W.
#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>

#include <cstdint>
#include <string>

#include "mcplm/core/param_set.h"
#include "mcplm/io/load_params.h"

namespace mcplm {

struct LoraConfig {
  int64_t r = 10;        // --lora-r (the original's LORA_SIZE)
  double alpha = 16.0;   // --lora-alpha
  double dropout = 0.0;  // --lora-dropout, on the LoRA branch's input only

  double scaling() const { return alpha / static_cast<double>(r); }
};

// Which straight path between two LoRA solutions (--lora-space).
enum class LoraSpace {
  Factors,  // A and B interpolated separately: the original's, a curve in weight space
  Merged,   // the merged updates ΔW interpolated: a line in weight space
};
std::string lora_space_name(LoraSpace space);

// The low-rank branch of one linear layer; empty until attached.
class LoraBranch {
 public:
  // Registers lora_A [in, r] and lora_B [r, out] (zeros) on `linear`.
  void attach(torch::nn::Module& linear, int64_t in_features, int64_t out_features,
              const LoraConfig& config);
  bool attached() const { return A.defined(); }
  // (dropout(x)·A·B)·scaling: [..., in] -> [..., out]
  torch::Tensor forward(const torch::Tensor& x, bool training) const;

  torch::Tensor A;  // [in, r]
  torch::Tensor B;  // [r, out]

 private:
  double scaling_ = 1.0;
  double dropout_ = 0.0;
};

// "…q.lora_A" / "…q.lora_B".
bool is_lora_factor(const std::string& name);

// The original's reset_parameters on every factor of `module`, in parameter
// order from `generator`: lora_A kaiming-uniform with a = √5 on the [in, r]
// tensor (torch's fan-in of it is r, so U(-1/√r, 1/√r)), lora_B zero.
void init_lora_factors(torch::nn::Module& module, at::Generator& generator);

// The rank of a set of LoRA factors (the columns of its first lora_A), 0 when
// it holds none.
int64_t lora_rank(const ParamSet& params);

// The configuration a LoRA checkpoint was made with: r from its lora_A
// columns, alpha from metadata `lora_alpha` or else `fallback`'s (as the
// dropout). InputError naming `source` when it holds no factors.
LoraConfig lora_config_of(const LoadedParams& checkpoint, const LoraConfig& fallback,
                          const std::string& source);

// Each target's merged update, named as the target's weight:
// "…q.weight" -> (A·B)ᵀ·scaling [out, in]. Entries that are not factors
// (RoBERTa's head) are kept as they are.
ParamSet lora_merged_updates(const ParamSet& factors, double scaling);

// `factors` (a point of a tuned LoRA set) in merged space over `base` (the
// model's weights): each target weight W + ΔW, every factor zero, so that the
// model computes with the merged weights alone; other entries kept. A line
// (or plane) through such sets is the line through their merged updates, and
// their distance that of the updates.
ParamSet lora_merged_point(const ParamSet& factors, const ParamSet& base, double scaling);

}  // namespace mcplm
