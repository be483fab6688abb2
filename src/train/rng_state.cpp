#include "mcplm/train/rng_state.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cstring>
#include <mutex>
#include <sstream>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

constexpr const char* kTorchCpu = "rng.torch_cpu";

std::string engine_key(const std::string& name) { return "rng.engine." + name; }

torch::Tensor bytes_tensor(const std::string& bytes) {
  torch::Tensor out = torch::empty({static_cast<int64_t>(bytes.size())}, torch::kUInt8);  // [n]
  std::memcpy(out.data_ptr(), bytes.data(), bytes.size());
  return out;
}

const torch::Tensor& saved_bytes(const ParamSet& saved, const std::string& key,
                                 const std::string& source) {
  if (!saved.contains(key)) throw InputError(source, 0, "random state lacks '" + key + "'");
  const torch::Tensor& t = saved.at(key);
  if (t.dim() != 1 || t.scalar_type() != torch::kUInt8)
    throw InputError(source, 0, "random state '" + key + "' is not a uint8 vector");
  return t;
}

}  // namespace

ParamSet capture_rng_state(const RngEngines& engines) {
  ParamSet out;
  auto generator = at::detail::getDefaultCPUGenerator();
  {
    std::lock_guard<std::mutex> lock(generator.mutex());
    out.set(kTorchCpu, generator.get_state());
  }
  for (const auto& [name, engine] : engines) {
    std::ostringstream text;
    text << *engine;
    out.set(engine_key(name), bytes_tensor(text.str()));
  }
  return out;
}

void restore_rng_state(const ParamSet& saved, const RngEngines& engines,
                       const std::string& source) {
  const torch::Tensor& cpu_state = saved_bytes(saved, kTorchCpu, source);
  auto generator = at::detail::getDefaultCPUGenerator();
  try {
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(cpu_state.contiguous());
  } catch (const c10::Error& e) {
    throw InputError(source, 0,
                     std::string("bad '") + kTorchCpu + "': " + e.what_without_backtrace());
  }
  for (const auto& [name, engine] : engines) {
    torch::Tensor bytes = saved_bytes(saved, engine_key(name), source).contiguous();
    std::istringstream text(std::string(static_cast<const char*>(bytes.data_ptr()),
                                        static_cast<std::size_t>(bytes.numel())));
    std::mt19937_64 restored;
    text >> restored;
    if (text.fail()) throw InputError(source, 0, "bad '" + engine_key(name) + "'");
    *engine = restored;
  }
}

}  // namespace mcplm
