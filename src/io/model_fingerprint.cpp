#include "mcplm/io/model_fingerprint.h"

#include <algorithm>
#include <fstream>
#include <vector>

#include "mcplm/core/error.h"
#include "mcplm/core/param_hash.h"

namespace mcplm {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kSamples = 64;
constexpr std::uintmax_t kSampleBytes = 4096;

// Every byte of a small file, or the samples of a large one, into `h`.
void mix_file(Fnv1a& h, const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "cannot read the file");
  const std::uintmax_t size = fs::file_size(path);
  h.mix(path.filename().string());
  h.mix(&size, sizeof size);
  std::vector<char> buffer(kSampleBytes);
  const std::uintmax_t last_start = size > kSampleBytes ? size - kSampleBytes : 0;
  for (std::uintmax_t i = 0; i < kSamples; ++i) {
    const std::uintmax_t start = last_start * i / (kSamples - 1);
    in.seekg(static_cast<std::streamoff>(start));
    in.read(buffer.data(), static_cast<std::streamsize>(std::min(kSampleBytes, size)));
    h.mix(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (size <= kSampleBytes) break;
  }
}

bool is_weight_file(const fs::directory_entry& entry) {
  const std::string ext = entry.path().extension().string();
  return entry.is_regular_file() && (ext == ".safetensors" || ext == ".bin");
}

}  // namespace

std::string model_fingerprint(const fs::path& model_dir) {
  const fs::path config = model_dir / "config.json";
  std::error_code ec;
  if (!fs::is_regular_file(config, ec))
    throw InputError(config.string(), 0, "no such file");
  std::vector<fs::path> weights;
  for (const auto& entry : fs::directory_iterator(model_dir))
    if (is_weight_file(entry)) weights.push_back(entry.path());
  std::sort(weights.begin(), weights.end());
  Fnv1a h;
  mix_file(h, config);
  for (const auto& file : weights) mix_file(h, file);
  return h.hex();
}

}  // namespace mcplm
