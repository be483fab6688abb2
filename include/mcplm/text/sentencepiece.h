// A SentencePiece model, run by libmcplm_spm.so (see spm_capi.h), which is
// opened on first use with dlopen(RTLD_LOCAL | RTLD_DEEPBIND) so that its
// private protobuf never meets LibTorch's.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

struct mcplm_spm;

namespace mcplm {

class SentencePieceModel {
 public:
  // Reads a `spiece.model`; InputError naming it when it is missing or is not
  // a SentencePiece model. std::runtime_error when the library is missing.
  explicit SentencePieceModel(const std::filesystem::path& path);
  ~SentencePieceModel();
  SentencePieceModel(const SentencePieceModel&) = delete;
  SentencePieceModel& operator=(const SentencePieceModel&) = delete;

  // Appends the ids of UTF-8 `text` (normalised, with the dummy prefix `▁`).
  void encode(std::string_view text, std::vector<int64_t>& ids) const;
  // Text of `ids`, each below piece_size().
  std::string decode(const std::vector<int64_t>& ids) const;
  // Text of `pieces` (DecodePieces): a piece not in the vocabulary stands for
  // itself, the unknown piece for " ⁇ ".
  std::string decode_pieces(const std::vector<std::string>& pieces) const;
  int64_t piece_size() const { return static_cast<int64_t>(pieces_.size()); }
  const std::string& id_to_piece(int64_t id) const { return pieces_.at(id); }
  // The unknown id when `piece` is not in the vocabulary.
  int64_t piece_to_id(std::string_view piece) const;

 private:
  mcplm_spm* handle_ = nullptr;
  std::vector<std::string> pieces_;
};

// Where libmcplm_spm.so is looked for: $MCPLM_SPM_LIBRARY when set, else next
// to the running executable, else the build directory.
std::vector<std::filesystem::path> sentencepiece_library_candidates();

}  // namespace mcplm
