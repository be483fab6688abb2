#include "mcplm/connect/weight_find_plot.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include "mcplm/connect/layer_mix.h"

namespace mcplm {

namespace {

// (part, label) of the section a group name belongs to.
std::pair<std::string, std::string> section_of(const std::string& group) {
  for (const char* stack : {"encoder", "decoder"}) {
    const std::string prefix = std::string(stack) + ".";
    if (group.rfind(prefix, 0) != 0) continue;
    const std::string rest = group.substr(prefix.size());
    if (rest.rfind("block.", 0) == 0) {
      const std::string index = rest.substr(6, rest.find('.', 6) - 6);
      return {stack, "block " + index};
    }
    return {stack, rest.substr(0, rest.find('.'))};
  }
  return {"", group.substr(0, group.find('.'))};
}

}  // namespace

std::vector<BarSection> weight_find_sections(const WeightFindRecord& record) {
  const torch::Tensor alpha = LayerMix::alphas(record.logits);
  std::vector<BarSection> sections;
  for (std::size_t g = 0; g < record.groups.size(); ++g) {
    auto [part, label] = section_of(record.groups[g].name);
    if (sections.empty() || sections.back().part != part || sections.back().label != label)
      sections.push_back({part, label, {}, {}});
    sections.back().bars.push_back(record.groups[g].name);
    sections.back().values.push_back(alpha[static_cast<int64_t>(g)].item<double>());
  }
  return sections;
}

std::string weight_find_svg(const WeightFindRecord& record, const std::string& subtitle) {
  BarChartStyle style;
  style.title = fmt::format("weight-find, {} groups ({} filter): α = weight of ckpt1",
                            record.groups.size(), layer_filter_name(record.filter));
  style.subtitle = subtitle;
  style.y_label = "α (0: ckpt2, 1: ckpt1)";
  style.above_label = "α > 0.5: mostly ckpt1";
  style.below_label = "α < 0.5: mostly ckpt2";
  return sectioned_bar_svg(style, weight_find_sections(record));
}

}  // namespace mcplm
