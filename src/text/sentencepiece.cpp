#include "mcplm/text/sentencepiece.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "mcplm/build_paths.h"
#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/text/spm_capi.h"

namespace mcplm {
namespace {

constexpr const char* kLibraryName = "libmcplm_spm.so";

// The C API of libmcplm_spm.so, resolved once per process.
struct SpmLibrary {
  decltype(&mcplm_spm_load_bytes) load_bytes = nullptr;
  decltype(&mcplm_spm_free) free = nullptr;
  decltype(&mcplm_spm_piece_size) piece_size = nullptr;
  decltype(&mcplm_spm_encode) encode = nullptr;
  decltype(&mcplm_spm_id_to_piece) id_to_piece = nullptr;
  decltype(&mcplm_spm_piece_to_id) piece_to_id = nullptr;
  decltype(&mcplm_spm_decode) decode = nullptr;
  decltype(&mcplm_spm_decode_pieces) decode_pieces = nullptr;
  decltype(&mcplm_spm_last_error) last_error = nullptr;
  std::string failure;  // why the library could not be used, "" when it can
};

template <typename F>
bool resolve(void* handle, const char* name, F& function) {
  function = reinterpret_cast<F>(::dlsym(handle, name));
  return function != nullptr;
}

// The library gets its own symbol scope, so SentencePiece binds to its own
// protobuf and not to LibTorch's. AddressSanitizer refuses RTLD_DEEPBIND (it
// would bypass its malloc), so a sanitizer build loads the library into a new
// link-map namespace instead (dlmopen): it then has its own libc and
// libstdc++, which the C API allows, as no memory crosses it to be freed on
// the other side. That namespace is not instrumented.
void* open_isolated(const std::filesystem::path& path) {
#ifdef MCPLM_SANITIZE
  return ::dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL);
#else
  return ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#endif
}

SpmLibrary open_library() {
  SpmLibrary lib;
  std::string tried;
  void* handle = nullptr;
  for (const auto& path : sentencepiece_library_candidates()) {
    handle = open_isolated(path);
    if (handle) break;
    tried += fmt::format("{}{}", tried.empty() ? "" : "; ", ::dlerror());
  }
  if (!handle) {
    lib.failure =
        fmt::format("cannot load {} (set MCPLM_SPM_LIBRARY to its path): {}", kLibraryName, tried);
    return lib;
  }
  decltype(&mcplm_spm_abi_version) abi_version = nullptr;
  bool ok = resolve(handle, "mcplm_spm_abi_version", abi_version) &&
            resolve(handle, "mcplm_spm_load_bytes", lib.load_bytes) &&
            resolve(handle, "mcplm_spm_free", lib.free) &&
            resolve(handle, "mcplm_spm_piece_size", lib.piece_size) &&
            resolve(handle, "mcplm_spm_encode", lib.encode) &&
            resolve(handle, "mcplm_spm_id_to_piece", lib.id_to_piece) &&
            resolve(handle, "mcplm_spm_piece_to_id", lib.piece_to_id) &&
            resolve(handle, "mcplm_spm_decode", lib.decode) &&
            resolve(handle, "mcplm_spm_decode_pieces", lib.decode_pieces) &&
            resolve(handle, "mcplm_spm_last_error", lib.last_error);
  if (!ok || abi_version() != MCPLM_SPM_ABI_VERSION)
    lib.failure = fmt::format("{} is incomplete or from another mcplm build", kLibraryName);
  return lib;
}

const SpmLibrary& library() {
  static const SpmLibrary lib = open_library();
  if (!lib.failure.empty()) throw std::runtime_error(lib.failure);
  return lib;
}

std::string read_bytes(const std::filesystem::path& path) {
  require_regular_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "cannot open SentencePiece model");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

std::vector<std::filesystem::path> sentencepiece_library_candidates() {
  if (const char* env = std::getenv("MCPLM_SPM_LIBRARY"); env && *env) return {env};
  std::vector<std::filesystem::path> candidates;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path() / kLibraryName);
  candidates.push_back(std::filesystem::path(MCPLM_BUILD_DIR) / kLibraryName);
  return candidates;
}

SentencePieceModel::SentencePieceModel(const std::filesystem::path& path) {
  const SpmLibrary& lib = library();
  std::string bytes = read_bytes(path);
  handle_ = lib.load_bytes(bytes.data(), bytes.size());
  if (!handle_) {
    std::string reason = lib.last_error();
    if (reason.find("ParseFromArray") != std::string::npos) reason = "its protobuf does not parse";
    throw InputError(path.string(), 0, fmt::format("not a SentencePiece model ({})", reason));
  }
  int size = lib.piece_size(handle_);
  pieces_.reserve(size);
  for (int id = 0; id < size; ++id) {
    std::size_t length = 0;
    const char* piece = lib.id_to_piece(handle_, id, &length);
    pieces_.emplace_back(piece, length);
  }
}

SentencePieceModel::~SentencePieceModel() {
  if (handle_) library().free(handle_);
}

void SentencePieceModel::encode(std::string_view text, std::vector<int64_t>& ids) const {
  thread_local std::vector<int> buffer;
  const SpmLibrary& lib = library();
  buffer.resize(text.size() + 16);
  long count = lib.encode(handle_, text.data(), text.size(), buffer.data(), buffer.size());
  if (count > static_cast<long>(buffer.size())) {
    buffer.resize(count);
    count = lib.encode(handle_, text.data(), text.size(), buffer.data(), buffer.size());
  }
  if (count < 0)
    throw InputError(fmt::format("SentencePiece cannot encode text: {}", lib.last_error()));
  ids.insert(ids.end(), buffer.begin(), buffer.begin() + count);
}

std::string SentencePieceModel::decode(const std::vector<int64_t>& ids) const {
  const SpmLibrary& lib = library();
  std::vector<int> narrow(ids.begin(), ids.end());
  std::string text(ids.size() * 8 + 16, '\0');
  long length = lib.decode(handle_, narrow.data(), narrow.size(), text.data(), text.size());
  if (length > static_cast<long>(text.size())) {
    text.resize(length);
    length = lib.decode(handle_, narrow.data(), narrow.size(), text.data(), text.size());
  }
  if (length < 0)
    throw InputError(fmt::format("SentencePiece cannot decode ids: {}", lib.last_error()));
  text.resize(length);
  return text;
}

std::string SentencePieceModel::decode_pieces(const std::vector<std::string>& pieces) const {
  const SpmLibrary& lib = library();
  std::vector<const char*> data;
  std::vector<size_t> sizes;
  std::size_t total = 16;
  for (const auto& piece : pieces) {
    data.push_back(piece.data());
    sizes.push_back(piece.size());
    total += piece.size() + 1;
  }
  std::string text(total, '\0');
  long length =
      lib.decode_pieces(handle_, data.data(), sizes.data(), data.size(), text.data(), text.size());
  if (length > static_cast<long>(text.size())) {
    text.resize(length);
    length = lib.decode_pieces(handle_, data.data(), sizes.data(), data.size(), text.data(),
                               text.size());
  }
  if (length < 0)
    throw InputError(fmt::format("SentencePiece cannot decode pieces: {}", lib.last_error()));
  text.resize(length);
  return text;
}

int64_t SentencePieceModel::piece_to_id(std::string_view piece) const {
  return library().piece_to_id(handle_, piece.data(), piece.size());
}

}  // namespace mcplm
