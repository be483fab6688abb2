#include "mcplm/config/original_flags.h"

#include <algorithm>
#include <map>
#include <set>

namespace mcplm {
namespace {

// Original name (after --) → mcplm's, where it is not the kebab-case spelling.
const std::map<std::string, std::string>& renamed() {
  static const std::map<std::string, std::string> names = {
      {"tokenizer_path", "tokenizer"},    {"learning_rate_list", "lr"},
      {"learning_rate", "lr"},            {"bsz_list", "bsz"},
      {"train_batch_size", "bsz"},        {"tune_method", "method"},
      {"load_PET_path_1", "ckpt1"},       {"load_PET_path_2", "ckpt2"},
      {"itpl_points", "points"},          {"itp_on_train", "on-train"},
      {"layer_filter", "filter"},         {"bend_num", "bends"},
      {"train_epoch", "train-epochs"},    {"datasplit", "split"},
  };
  return names;
}

// Flags with no mcplm equivalent, and how many values follow each.
const std::map<std::string, int>& dropped() {
  static const std::map<std::string, int> flags = {
      {"do_train", 0}, {"one_prefix", 0}, {"apply_adapter", 0}, {"gradient_accumulation_steps", 1}};
  return flags;
}

// The adapter's shape, which the original's evaluation scripts repeat and
// mcplm's path commands read from the checkpoints.
bool reads_adapters_from_checkpoints(const std::string& command, const std::string& name) {
  static const std::set<std::string> commands = {"interpolate", "plane", "dist"};
  return (name == "adapter_type" || name == "adapter_size") && commands.count(command) > 0;
}

bool predicts_by_default(const std::string& command) {
  static const std::set<std::string> training = {"tune", "split-tune", "cartography", "curve",
                                                 "weight-find"};
  return training.count(command) > 0;
}

std::string kebab(std::string name) {
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

}  // namespace

std::vector<std::string> translate_original_flags(const std::vector<std::string>& args,
                                                  const std::string& command) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    const std::size_t equals = word.find('=');
    const std::string name =
        word.rfind("--", 0) == 0
            ? word.substr(2, equals == std::string::npos ? equals : equals - 2)
            : "";
    const bool original = name.find('_') != std::string::npos || renamed().count(name);
    if (!original) {
      out.push_back(word);
      continue;
    }
    const std::string value = equals == std::string::npos ? "" : word.substr(equals);
    if (auto drop = dropped().find(name); drop != dropped().end()) {
      if (value.empty()) i += drop->second;
      continue;
    }
    if (reads_adapters_from_checkpoints(command, name)) {
      if (value.empty()) ++i;
      continue;
    }
    if (name == "do_predict" && predicts_by_default(command)) continue;
    if (name == "load_stage1_pet_path_list" && value.empty() && i + 2 < args.size()) {
      out.insert(out.end(), {"--ckpt1", args[i + 1], "--ckpt2", args[i + 2]});
      i += 2;
      continue;
    }
    if (name == "datasplit" && i + 1 < args.size() && args[i + 1].rfind("split", 0) == 0) {
      out.insert(out.end(), {"--split", args[i + 1].substr(5)});
      ++i;
      continue;
    }
    auto rename = renamed().find(name);
    out.push_back("--" + (rename != renamed().end() ? rename->second : kebab(name)) + value);
  }
  return out;
}

}  // namespace mcplm
