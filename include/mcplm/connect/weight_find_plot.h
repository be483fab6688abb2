// weight_find.svg: α = σ(w) per group along the network (0: all ckpt2, 1: all
// ckpt1), the picture that answers which layers come from which end. Groups
// of one block (layer and weight filters) stand together, encoder blocks
// before decoder blocks, as the model orders them.
#pragma once
#include <string>
#include <vector>

#include "mcplm/connect/weight_find_file.h"
#include "mcplm/report/bar_chart.h"

namespace mcplm {

// The sections of the picture: one per block (`encoder.block.3` → part
// "encoder", label "block 3"), per final layer norm, and one for each group
// outside the stacks (shared, lm_head); consecutive groups of one section together.
std::vector<BarSection> weight_find_sections(const WeightFindRecord& record);

// The whole SVG, titled with the filter and `subtitle`.
std::string weight_find_svg(const WeightFindRecord& record, const std::string& subtitle);

}  // namespace mcplm
