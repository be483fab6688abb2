#include "mcplm/io/safetensors.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"

namespace mcplm {

namespace {

using json = nlohmann::json;

struct DtypeInfo {
  const char* name;
  torch::ScalarType type;
  std::size_t size;
};

constexpr DtypeInfo kDtypes[] = {
    {"F64", torch::kFloat64, 8},   {"F32", torch::kFloat32, 4}, {"F16", torch::kFloat16, 2},
    {"BF16", torch::kBFloat16, 2}, {"I64", torch::kInt64, 8},   {"I32", torch::kInt32, 4},
    {"I16", torch::kInt16, 2},     {"I8", torch::kInt8, 1},     {"U8", torch::kUInt8, 1},
    {"BOOL", torch::kBool, 1},
};

const DtypeInfo* dtype_by_name(const std::string& name) {
  for (const auto& d : kDtypes)
    if (name == d.name) return &d;
  return nullptr;
}

const DtypeInfo& dtype_by_type(torch::ScalarType type) {
  for (const auto& d : kDtypes)
    if (type == d.type) return d;
  throw std::invalid_argument(
      fmt::format("safetensors cannot store dtype {}", c10::toString(type)));
}

// The largest header we accept (the format's own reference limit is 100 MB).
constexpr uint64_t kMaxHeader = 100ull << 20;

struct Entry {
  std::string name;
  const DtypeInfo* dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
};

Entry parse_entry(const std::string& file, const std::string& name, const json& info,
                  uint64_t data_size) {
  auto bad = [&](const std::string& what) -> InputError {
    return InputError(file, 0, fmt::format("tensor '{}': {}", name, what));
  };
  if (!info.is_object()) throw bad("entry is not an object");
  if (!info.contains("dtype") || !info["dtype"].is_string()) throw bad("missing dtype");
  const auto* dtype = dtype_by_name(info["dtype"].get<std::string>());
  if (!dtype) throw bad("unknown dtype " + info["dtype"].get<std::string>());
  if (!info.contains("shape") || !info["shape"].is_array()) throw bad("missing shape");
  if (!info.contains("data_offsets") || !info["data_offsets"].is_array() ||
      info["data_offsets"].size() != 2 || !info["data_offsets"][0].is_number_unsigned() ||
      !info["data_offsets"][1].is_number_unsigned())
    throw bad("data_offsets must be two non-negative integers");
  Entry e{name,
          dtype,
          {},
          info["data_offsets"][0].get<uint64_t>(),
          info["data_offsets"][1].get<uint64_t>()};
  uint64_t count = 1;
  for (const auto& dim : info["shape"]) {
    if (!dim.is_number_unsigned()) throw bad("shape entries must be non-negative integers");
    uint64_t d = dim.get<uint64_t>();
    if (d > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
        (d != 0 && count > std::numeric_limits<uint64_t>::max() / d))
      throw bad("shape too large");
    count *= d;
    e.shape.push_back(static_cast<int64_t>(d));
  }
  if (e.begin > e.end) throw bad("data_offsets begin after end");
  if (e.end > data_size)
    throw bad(fmt::format("data_offsets end {} past the data area ({} bytes)", e.end, data_size));
  if (count > std::numeric_limits<uint64_t>::max() / dtype->size ||
      count * dtype->size != e.end - e.begin)
    throw bad(fmt::format("{} bytes for shape {} of {} (expected {})", e.end - e.begin,
                          info["shape"].dump(), dtype->name, count * dtype->size));
  return e;
}

}  // namespace

SafetensorsFile parse_safetensors(const std::string& bytes, const std::string& file) {
  if (bytes.size() < 8) throw InputError(file, 0, "not a safetensors file: shorter than 8 bytes");
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | static_cast<uint8_t>(bytes[i]);
  if (header_len > kMaxHeader)
    throw InputError(file, 0, fmt::format("header length {} is too large", header_len));
  if (header_len > bytes.size() - 8)
    throw InputError(file, 0,
                     fmt::format("header length {} runs past the end of the file ({} bytes)",
                                 header_len, bytes.size()));
  json header = json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<long>(header_len),
                            nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded()) throw InputError(file, 0, "header is not valid JSON");
  if (!header.is_object()) throw InputError(file, 0, "header is not a JSON object");

  SafetensorsFile out;
  const uint64_t data_size = bytes.size() - 8 - header_len;
  std::vector<Entry> entries;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__") {
      if (!info.is_object()) throw InputError(file, 0, "__metadata__ is not an object");
      for (const auto& [key, value] : info.items()) {
        if (!value.is_string())
          throw InputError(file, 0, fmt::format("__metadata__ value of '{}' is not a string", key));
        out.metadata[key] = value.get<std::string>();
      }
      continue;
    }
    entries.push_back(parse_entry(file, name, info, data_size));
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  for (std::size_t i = 1; i < entries.size(); ++i)
    if (entries[i].begin < entries[i - 1].end)
      throw InputError(file, 0,
                       fmt::format("tensors '{}' and '{}' overlap in the data area",
                                   entries[i - 1].name, entries[i].name));

  const char* data = bytes.data() + 8 + header_len;
  for (const auto& e : entries) {
    torch::Tensor t = torch::empty(e.shape, torch::TensorOptions().dtype(e.dtype->type));
    if (e.end > e.begin) std::memcpy(t.data_ptr(), data + e.begin, e.end - e.begin);
    out.tensors.set(e.name, std::move(t));
  }
  return out;
}

Metadata read_safetensors_metadata(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "cannot open for reading");
  char size_bytes[8];
  if (!in.read(size_bytes, 8)) throw InputError(path.string(), 0, "not a safetensors file: shorter than 8 bytes");
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | static_cast<uint8_t>(size_bytes[i]);
  if (header_len > kMaxHeader)
    throw InputError(path.string(), 0, fmt::format("header length {} is too large", header_len));
  std::string text(header_len, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(header_len)))
    throw InputError(path.string(), 0, "header runs past the end of the file");
  json header = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object())
    throw InputError(path.string(), 0, "header is not a JSON object");
  Metadata out;
  if (header.contains("__metadata__") && header["__metadata__"].is_object())
    for (const auto& [key, value] : header["__metadata__"].items())
      if (value.is_string()) out[key] = value.get<std::string>();
  return out;
}

SafetensorsFile read_safetensors(const std::filesystem::path& path) {
  return parse_safetensors(read_file_bytes(path), path.string());
}

std::string serialize_safetensors(const ParamSet& tensors, const Metadata& metadata) {
  json header = json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> contiguous;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
    const auto& dtype = dtype_by_type(t.scalar_type());
    const uint64_t size = static_cast<uint64_t>(t.numel()) * dtype.size;
    header[name] = {{"dtype", dtype.name},
                    {"shape", t.sizes().vec()},
                    {"data_offsets", {offset, offset + size}}};
    offset += size;
    contiguous.push_back(std::move(t));
  }
  std::string head = header.dump();
  head.append((8 - head.size() % 8) % 8, ' ');
  std::string out;
  out.reserve(8 + head.size() + offset);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((head.size() >> (8 * i)) & 0xff));
  out += head;
  for (const auto& t : contiguous)
    out.append(static_cast<const char*>(t.data_ptr()), t.numel() * t.element_size());
  return out;
}

void write_safetensors(const std::filesystem::path& path, const ParamSet& tensors,
                       const Metadata& metadata) {
  std::string bytes = serialize_safetensors(tensors, metadata);
  write_file_atomically(path, [&](std::ostream& out) { out.write(bytes.data(), bytes.size()); });
}

}  // namespace mcplm
