// Which parameters weight-find mixes with one weight: the original's
// `--layer_filter` (get_group_layer_name in
// T5_model/modeling_t5_layer_weight_find_finetune.py), over the parameter
// names in the model's order.
#pragma once
#include <string>
#include <vector>

namespace mcplm {

enum class LayerFilter {
  Block,   // one group per block: encoder.block.3
  Layer,   // one per layer of a block: encoder.block.3.layer.1
  Weight,  // every parameter alone
};
const char* layer_filter_name(LayerFilter filter);  // "block" | "layer" | "weight"
// InputError naming `source` for another name.
LayerFilter parse_layer_filter(const std::string& name, const std::string& source);

struct ParamGroup {
  std::string name;                 // encoder.block.3, or the one parameter's name
  std::vector<std::string> params;  // in the model's order
};

// The groups of `names` (a model's parameters, in order). Block: a name with
// a dotted part `block` goes to the group of its first 3 parts; Layer: one
// with a part `layer`, to its first 5 parts; a name without that part (and
// every name under Weight) is a group of its own. Groups are in the order
// their first parameter appears.
std::vector<ParamGroup> group_parameters(const std::vector<std::string>& names, LayerFilter filter);

}  // namespace mcplm
