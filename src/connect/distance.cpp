#include "mcplm/connect/distance.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/report/py_format.h"
#include "mcplm/train/checkpoint_io.h"

namespace mcplm {

Distance compute_distance(const ParamSet& a, const ParamSet& b) {
  a.check_same_layout(b, "input1", "input2");
  double diff2 = 0, dot = 0, norm_a2 = 0, norm_b2 = 0;
  Distance d;
  for (const auto& [name, ta] : a) {
    torch::Tensor x = ta.detach().to(torch::kFloat64).reshape({-1});  // [n]
    torch::Tensor y = b.at(name).detach().to(torch::kFloat64).reshape({-1});
    diff2 += (x - y).pow(2).sum().item<double>();
    dot += x.dot(y).item<double>();
    norm_a2 += x.dot(x).item<double>();
    norm_b2 += y.dot(y).item<double>();
    d.count += x.numel();
  }
  d.l2 = std::sqrt(diff2);
  d.cosine = dot / std::max(std::sqrt(norm_a2) * std::sqrt(norm_b2), 1e-6);
  d.rms = d.count > 0 ? std::sqrt(diff2 / static_cast<double>(d.count)) : 0.0;
  return d;
}

namespace {

nlohmann::json distance_json(const Distance& d) {
  return {{"l2", d.l2}, {"cosine", d.cosine}, {"count", d.count}, {"rms", d.rms}};
}

}  // namespace

CheckpointDistance checkpoint_distance(const std::filesystem::path& file1,
                                       const std::filesystem::path& file2, TuningMethod entry,
                                       const LoraConfig& lora) {
  const LoadedParams a = load_checkpoint_params(file1, entry);
  const LoadedParams b = load_checkpoint_params(file2, entry);
  check_same_method(a, "--input1 " + file1.string(), b, "--input2 " + file2.string());
  const bool full_models = detect_method(a) == TuningMethod::Model;
  check_checkpoint_values(a.params, file1.string(), full_models);
  check_checkpoint_values(b.params, file2.string(), full_models);
  a.params.check_same_layout(b.params, "--input1 " + file1.string(), "--input2 " + file2.string());
  CheckpointDistance d{compute_distance(a.params, b.params), std::nullopt};
  if (detect_method(a) == TuningMethod::Lora) {
    const double scale_a = lora_config_of(a, lora, file1.string()).scaling();
    const double scale_b = lora_config_of(b, lora, file2.string()).scaling();
    d.merged = compute_distance(lora_merged_updates(a.params, scale_a),
                                lora_merged_updates(b.params, scale_b));
  }
  return d;
}

std::string distance_txt(const Distance& d) {
  return fmt::format(
      "L2 distance is: \n{}\nnum of para is: \n{}\naverage L2 distance is: \n{}\nCos distance "
      "is: \n{}\n",
      py_float(d.l2), d.count, py_float(d.rms), py_float(d.cosine));
}

void write_distance(const std::filesystem::path& dir, const CheckpointDistance& d) {
  std::filesystem::create_directories(dir);
  write_text_atomically(dir / "distance.txt", distance_txt(d.stored));
  nlohmann::json j = distance_json(d.stored);
  if (d.merged) j["merged"] = distance_json(*d.merged);
  write_text_atomically(dir / "distance.json", j.dump(2) + "\n");
}

}  // namespace mcplm
