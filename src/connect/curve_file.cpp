#include "mcplm/connect/curve_file.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "mcplm/core/error.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "mcplm-curve";
const char* const kOwnKeys[] = {"format", "kind", "bends", "ckpt1", "ckpt2", "method", "end_norms"};

std::string bend_prefix(std::size_t k) { return fmt::format("bend_{}.", k); }

const std::string& required(const Metadata& meta, const std::string& key, const fs::path& file) {
  auto it = meta.find(key);
  if (it == meta.end()) throw InputError(file.string(), 0, "curve metadata lacks '" + key + "'");
  return it->second;
}

}  // namespace

void write_curve_file(const fs::path& file, const CurveRecord& curve) {
  ParamSet tensors;
  for (std::size_t k = 0; k < curve.bends.size(); ++k)
    for (const auto& [name, tensor] : curve.bends[k])
      tensors.set(bend_prefix(k + 1) + name, tensor.detach().contiguous());
  Metadata meta = curve.details;
  meta["format"] = kFormat;
  meta["kind"] = curve_kind_name(curve.kind);
  meta["bends"] = std::to_string(curve.bends.size());
  meta["ckpt1"] = curve.ckpt1.string();
  meta["ckpt2"] = curve.ckpt2.string();
  meta["method"] = tuning_method_name(curve.method);
  meta["end_norms"] = fmt::format("{:.17g} {:.17g}", curve.end_norms[0], curve.end_norms[1]);
  write_safetensors(file, tensors, meta);
}

CurveRecord read_curve_file(const fs::path& file) {
  SafetensorsFile st = read_safetensors(file);
  auto format = st.metadata.find("format");
  if (format == st.metadata.end() || format->second != kFormat)
    throw InputError(file.string(), 0, "not a curve file (written by `mcplm curve`)");
  CurveRecord curve;
  curve.kind = parse_curve_kind(required(st.metadata, "kind", file));
  const std::string& count = required(st.metadata, "bends", file);
  char* count_end = nullptr;
  const long bends = std::strtol(count.c_str(), &count_end, 10);
  if (*count_end != '\0' || bends < 1 || bends > 1000)
    throw InputError(file.string(), 0, "bad bend count '" + count + "'");
  curve.ckpt1 = required(st.metadata, "ckpt1", file);
  curve.ckpt2 = required(st.metadata, "ckpt2", file);
  try {
    curve.method = parse_tuning_method(required(st.metadata, "method", file));
  } catch (const InputError& e) {
    throw InputError(file.string(), 0, e.what());
  }
  const std::string& norms = required(st.metadata, "end_norms", file);
  if (std::sscanf(norms.c_str(), "%lf %lf", &curve.end_norms[0], &curve.end_norms[1]) != 2)
    throw InputError(file.string(), 0, "bad end_norms '" + norms + "'");
  for (const auto& [key, value] : st.metadata)
    if (std::find(std::begin(kOwnKeys), std::end(kOwnKeys), key) == std::end(kOwnKeys))
      curve.details[key] = value;

  curve.bends.resize(static_cast<std::size_t>(bends));
  for (const auto& [name, tensor] : st.tensors) {
    std::size_t k = 0;
    while (k < curve.bends.size() && name.rfind(bend_prefix(k + 1), 0) != 0) ++k;
    if (k == curve.bends.size())
      throw InputError(file.string(), 0,
                       fmt::format("tensor '{}' belongs to no bend 1 … {}", name, bends));
    curve.bends[k].set(name.substr(bend_prefix(k + 1).size()), tensor);
  }
  for (std::size_t k = 0; k < curve.bends.size(); ++k)
    if (curve.bends[k].empty())
      throw InputError(file.string(), 0, fmt::format("bend {} has no tensors", k + 1));
  return curve;
}

double params_norm(const ParamSet& params) { return params.flatten_f64().norm().item<double>(); }

void check_curve_end(const CurveRecord& curve, int which, const ParamSet& end,
                     const std::string& source) {
  const double want = curve.end_norms[which - 1], got = params_norm(end);
  if (!(std::fabs(got - want) <= 1e-9 * std::max(1.0, std::fabs(want))))
    throw InputError(source, 0,
                     fmt::format("is not the curve's end {}: its tuned tensors have norm {:.9g}, "
                                 "the curve was trained from one with norm {:.9g}",
                                 which, got, want));
}

}  // namespace mcplm
