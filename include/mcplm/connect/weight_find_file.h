// weight_find.json: the logits of a weight-find run, one per group,
//   {"filter": "block", "groups": [{"name": "encoder.block.0",
//    "params": [...], "logit": w, "alpha": σ(w)}, ...], ...details}
// with α = σ(w) the weight of ckpt1. `--init-from` reads the same file.
#pragma once
#include <torch/types.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mcplm/connect/layer_groups.h"

namespace mcplm {

struct WeightFindRecord {
  LayerFilter filter = LayerFilter::Block;
  std::vector<ParamGroup> groups;
  torch::Tensor logits;                                               // [G] float32, on the CPU
  nlohmann::ordered_json details = nlohmann::ordered_json::object();  // ends, run, updates
};

// Written atomically; `alpha` = σ(logit) in float32.
void write_weight_find_file(const std::filesystem::path& file, const WeightFindRecord& record);

// InputError naming the file when it is not such a file (no filter, a group
// without a name or a finite logit, ...); "params" and "alpha" may be absent.
WeightFindRecord read_weight_find_file(const std::filesystem::path& file);

// InputError naming `source` unless `record` has `filter` and exactly the
// group names of `groups`, in order, with the same members where the file
// lists them (a hand-written start may give names and logits alone); the
// message lists the first differences.
void check_same_groups(const WeightFindRecord& record, LayerFilter filter,
                       const std::vector<ParamGroup>& groups, const std::string& source);

}  // namespace mcplm
