// libmcplm_spm.so: the C API of mcplm/text/spm_capi.h over SentencePiece.
// Built with hidden visibility so only these functions are exported; no C++
// object crosses the boundary and no exception escapes it.
#include "mcplm/text/spm_capi.h"

#include <sentencepiece_processor.h>

#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "charsmap_check.h"

#define MCPLM_SPM_EXPORT __attribute__((visibility("default")))

struct mcplm_spm {
  sentencepiece::SentencePieceProcessor processor;
};

namespace {

thread_local std::string last_error;

// Copies `n` items of `data` into `out` when they fit; returns `n`.
template <typename T>
long copy_out(const T* data, std::size_t n, T* out, std::size_t capacity) {
  if (n <= capacity && n > 0) std::memcpy(out, data, n * sizeof(T));
  return static_cast<long>(n);
}

// Runs `produce(result)`, a SentencePiece call that fills a Result (ids or
// text), and copies the result out; -1 with the reason in last_error when the
// call fails.
template <typename Result, typename T, typename Produce>
long produce_and_copy(Produce produce, T* out, std::size_t capacity) {
  try {
    Result result;
    auto status = produce(result);
    if (!status.ok()) {
      last_error = status.ToString();
      return -1;
    }
    return copy_out(result.data(), result.size(), out, capacity);
  } catch (const std::exception& e) {
    last_error = e.what();
    return -1;
  }
}

}  // namespace

extern "C" {

MCPLM_SPM_EXPORT int mcplm_spm_abi_version(void) { return MCPLM_SPM_ABI_VERSION; }

MCPLM_SPM_EXPORT mcplm_spm* mcplm_spm_load_bytes(const char* data, size_t size) {
  last_error.clear();
  try {
    // Before SentencePiece loads it: loading runs the model's self-test,
    // which already normalizes text.
    last_error = mcplm::spm::check_model_charsmaps(std::string_view(data, size));
    if (!last_error.empty()) return nullptr;
    auto* spm = new mcplm_spm;
    auto status = spm->processor.LoadFromSerializedProto(std::string_view(data, size));
    if (status.ok()) return spm;
    last_error = status.ToString();
    delete spm;
  } catch (const std::exception& e) {
    last_error = e.what();
  }
  return nullptr;
}

MCPLM_SPM_EXPORT void mcplm_spm_free(mcplm_spm* spm) { delete spm; }

MCPLM_SPM_EXPORT int mcplm_spm_piece_size(const mcplm_spm* spm) {
  return spm->processor.GetPieceSize();
}

MCPLM_SPM_EXPORT long mcplm_spm_encode(const mcplm_spm* spm, const char* text, size_t size,
                                       int* ids, size_t capacity) {
  last_error.clear();
  return produce_and_copy<std::vector<int>>(
      [&](std::vector<int>& result) {
        return spm->processor.Encode(std::string_view(text, size), &result);
      },
      ids, capacity);
}

MCPLM_SPM_EXPORT const char* mcplm_spm_id_to_piece(const mcplm_spm* spm, int id, size_t* size) {
  if (id < 0 || id >= spm->processor.GetPieceSize()) return nullptr;
  const std::string& piece = spm->processor.IdToPiece(id);
  *size = piece.size();
  return piece.data();
}

MCPLM_SPM_EXPORT int mcplm_spm_piece_to_id(const mcplm_spm* spm, const char* piece, size_t size) {
  return spm->processor.PieceToId(std::string_view(piece, size));
}

MCPLM_SPM_EXPORT long mcplm_spm_decode_pieces(const mcplm_spm* spm, const char* const* pieces,
                                              const size_t* sizes, size_t count, char* out,
                                              size_t capacity) {
  last_error.clear();
  std::vector<std::string> strings;
  for (size_t i = 0; i < count; ++i) strings.emplace_back(pieces[i], sizes[i]);
  return produce_and_copy<std::string>(
      [&](std::string& text) { return spm->processor.Decode(strings, &text); }, out, capacity);
}

MCPLM_SPM_EXPORT long mcplm_spm_decode(const mcplm_spm* spm, const int* ids, size_t count,
                                       char* out, size_t capacity) {
  last_error.clear();
  for (size_t i = 0; i < count; ++i) {
    if (ids[i] < 0 || ids[i] >= spm->processor.GetPieceSize()) {
      last_error = "id " + std::to_string(ids[i]) + " out of range";
      return -1;
    }
  }
  const std::vector<int> id_list(ids, ids + count);
  return produce_and_copy<std::string>(
      [&](std::string& text) { return spm->processor.Decode(id_list, &text); }, out, capacity);
}

MCPLM_SPM_EXPORT const char* mcplm_spm_last_error(void) { return last_error.c_str(); }

}  // extern "C"
