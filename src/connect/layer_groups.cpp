#include "mcplm/connect/layer_groups.h"

#include <unordered_map>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

std::vector<std::string> dotted_parts(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot; (dot = name.find('.', start)) != std::string::npos; start = dot + 1)
    parts.push_back(name.substr(start, dot - start));
  parts.push_back(name.substr(start));
  return parts;
}

// The group `name` belongs to: its first `depth` parts when one part is `word`.
std::string group_of(const std::string& name, const std::string& word, std::size_t depth) {
  const std::vector<std::string> parts = dotted_parts(name);
  bool has_word = false;
  for (const auto& part : parts) has_word = has_word || part == word;
  if (!has_word) return name;
  std::string prefix;
  for (std::size_t i = 0; i < parts.size() && i < depth; ++i)
    prefix += (i == 0 ? "" : ".") + parts[i];
  return prefix;
}

}  // namespace

const char* layer_filter_name(LayerFilter filter) {
  switch (filter) {
    case LayerFilter::Block:
      return "block";
    case LayerFilter::Layer:
      return "layer";
    default:
      return "weight";
  }
}

LayerFilter parse_layer_filter(const std::string& name, const std::string& source) {
  for (LayerFilter f : {LayerFilter::Block, LayerFilter::Layer, LayerFilter::Weight})
    if (name == layer_filter_name(f)) return f;
  throw InputError(source, 0, "filter '" + name + "' is not one of block, layer, weight");
}

std::vector<ParamGroup> group_parameters(const std::vector<std::string>& names,
                                         LayerFilter filter) {
  std::vector<ParamGroup> groups;
  std::unordered_map<std::string, std::size_t> index;
  for (const auto& name : names) {
    const std::string group = filter == LayerFilter::Block   ? group_of(name, "block", 3)
                              : filter == LayerFilter::Layer ? group_of(name, "layer", 5)
                                                             : name;
    auto [it, added] = index.emplace(group, groups.size());
    if (added) groups.push_back({group, {}});
    groups[it->second].params.push_back(name);
  }
  return groups;
}

}  // namespace mcplm
