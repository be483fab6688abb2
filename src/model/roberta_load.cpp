#include "mcplm/model/roberta_load.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"
#include "mcplm/io/load_params.h"
#include "mcplm/model/config_weights_check.h"
#include "mcplm/model/module_params.h"

namespace mcplm {

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_ignored(const std::string& name) {
  return ends_with(name, ".position_ids") || starts_with(name, "lm_head.") ||
         starts_with(name, "roberta.pooler.");
}

std::string checkpoint_kind(const ParamSet& weights, bool bare) {
  if (bare) return "RobertaModel";
  for (const auto& [name, tensor] : weights)
    if (starts_with(name, "classifier.")) return "RobertaForSequenceClassification";
  for (const auto& [name, tensor] : weights)
    if (starts_with(name, "lm_head.")) return "RobertaForMaskedLM";
  return "RobertaModel";
}

// Whether the group's tensors are all absent from `usable`. Throws when some
// are missing, or when all are and the group may not be absent.
bool group_absent(const ParamSet& model, const ParamSet& usable, const NameFilter& in_group,
                  const std::string& group, bool may_be_absent, const std::string& source) {
  std::vector<std::string> missing;
  std::size_t total = 0;
  for (const auto& [name, tensor] : model) {
    if (!in_group(name)) continue;
    ++total;
    if (!usable.contains(name)) missing.push_back(name);
  }
  if (missing.empty()) return false;
  if (missing.size() == total && may_be_absent) return true;
  std::size_t shown = std::min<std::size_t>(missing.size(), 10);
  std::string more =
      missing.size() > shown ? fmt::format(" (and {} more)", missing.size() - shown) : "";
  throw InputError(source, 0,
                   fmt::format("{} of {} {} tensor(s) missing: {}{}", missing.size(), total, group,
                               fmt::join(missing.begin(), missing.begin() + shown, ", "), more));
}

}  // namespace

std::string RobertaLoadReport::message() const {
  std::vector<std::string> fresh;
  if (fresh_head) fresh.push_back("a new classification head");
  if (fresh_adapters) fresh.push_back("new adapters");
  if (fresh.empty()) return "";
  return fmt::format("{}: {} checkpoint; initialised {}", source, checkpoint_kind,
                     fmt::join(fresh, " and "));
}

RobertaLoadReport load_roberta_weights(RobertaForSequenceClassificationImpl& model,
                                       const ParamSet& weights, const RobertaLoadOptions& options,
                                       const std::string& source) {
  bool bare = false;
  for (const auto& [name, tensor] : weights)
    if (starts_with(name, "embeddings.") || starts_with(name, "encoder.")) bare = true;

  RobertaLoadReport report;
  report.source = source;
  report.checkpoint_kind = checkpoint_kind(weights, bare);
  ParamSet usable;  // in the model's layout: RobertaModel names gain `roberta.`
  for (const auto& [name, tensor] : weights) {
    std::string model_name = bare ? "roberta." + name : name;
    if (is_ignored(model_name))
      report.ignored.push_back(name);
    else
      usable.set(model_name, tensor);
  }

  ParamSet expected = module_params(model);
  const std::string out_proj = "classifier.out_proj.weight";
  if (options.replace_mismatched_head && usable.contains(out_proj) &&
      usable.at(out_proj).sizes() != expected.at(out_proj).sizes()) {
    for (const auto& name : usable.names())
      if (starts_with(name, "classifier.")) {
        report.ignored.push_back(name);
        usable.erase(name);
      }
  }
  auto is_adapter = [](const std::string& n) { return n.find(".adapter.") != std::string::npos; };
  auto is_head = [](const std::string& n) { return starts_with(n, "classifier."); };
  auto is_encoder = [&](const std::string& n) { return !is_head(n) && !is_adapter(n); };
  group_absent(expected, usable, is_encoder, "encoder", false, source);
  report.fresh_head = group_absent(expected, usable, is_head, "classifier", true, source);
  report.fresh_adapters = group_absent(expected, usable, is_adapter, "adapter", true, source);

  assign_params(model, usable, source);
  if (report.fresh_head) model.initialize_head(options.head_seed);
  if (report.fresh_adapters) model.initialize_adapters(options.adapter_seed);
  return report;
}

LoadedRoberta load_roberta_classifier(const std::filesystem::path& dir,
                                      const RobertaLoadOptions& options) {
  RobertaConfig config = read_roberta_config(dir / "config.json");
  if (options.num_labels && *options.num_labels != config.num_labels) {
    if (*options.num_labels <= 0) throw InputError("the number of labels must be positive");
    config.set_num_labels(*options.num_labels);
    config.problem_type.clear();  // the old head's; decided again from num_labels
  }
  const ParamSet weights = load_hf_weights(dir);
  check_roberta_config_against_weights(config, weights, (dir / "config.json").string());
  LoadedRoberta out;
  out.model = RobertaForSequenceClassification(config, options.adapter_bottleneck);
  out.model->eval();
  out.report = load_roberta_weights(*out.model, weights, options, dir.string());
  return out;
}

int64_t roberta_adapter_bottleneck(const ParamSet& params) {
  for (const auto& [name, tensor] : params)
    if (ends_with(name, ".adapter.modulelist.down_proj.weight") && tensor.dim() == 2)
      return tensor.size(0);
  return 0;
}

LoadedRoberta load_roberta_with_tuned(const std::filesystem::path& dir,
                                      const LoadedParams& tuned_file, const std::string& source,
                                      const LoraConfig& lora) {
  const ParamSet& tuned = tuned_file.params;
  RobertaLoadOptions options;
  options.adapter_bottleneck = roberta_adapter_bottleneck(tuned);
  const std::string out_proj = "classifier.out_proj.weight";
  const bool tuned_head = tuned.contains(out_proj) && tuned.at(out_proj).dim() == 2;
  if (tuned_head) {
    options.num_labels = tuned.at(out_proj).size(0);
    options.replace_mismatched_head = true;
  }
  LoadedRoberta out = load_roberta_classifier(dir, options);
  if (lora_rank(tuned) > 0) out.model->attach_lora(lora_config_of(tuned_file, lora, source));
  assign_params(*out.model, tuned, source);
  if (tuned_head) out.report.fresh_head = false;
  if (options.adapter_bottleneck > 0) out.report.fresh_adapters = false;
  return out;
}

}  // namespace mcplm
