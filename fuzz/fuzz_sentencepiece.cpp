// SentencePiece model bytes through our C API (libmcplm_spm's spm_capi.cpp):
// load, then encode, decode, id <-> piece and decode pieces on what loaded.
// The bytes are freed right after loading, as SentencePieceModel does, so a
// processor that still read them would be caught.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mcplm/text/spm_capi.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::vector<char> bytes(data, data + size);
  mcplm_spm* spm = mcplm_spm_load_bytes(bytes.data(), bytes.size());
  std::vector<char>().swap(bytes);
  if (spm == nullptr) return 0;
  const std::string text = "The cat sat on the mat. <extra_id_0> caf\xc3\xa9 123";
  std::vector<int> ids(256);
  long n = mcplm_spm_encode(spm, text.data(), text.size(), ids.data(), ids.size());
  if (n > static_cast<long>(ids.size())) {
    ids.resize(n);
    n = mcplm_spm_encode(spm, text.data(), text.size(), ids.data(), ids.size());
  }
  if (n >= 0) {
    ids.resize(n);
    std::vector<char> out(4096);
    mcplm_spm_decode(spm, ids.data(), ids.size(), out.data(), out.size());
    std::vector<const char*> pieces;
    std::vector<std::size_t> sizes;
    for (int id : ids) {
      std::size_t length = 0;
      const char* piece = mcplm_spm_id_to_piece(spm, id, &length);
      if (piece == nullptr) continue;
      mcplm_spm_piece_to_id(spm, piece, length);
      pieces.push_back(piece);
      sizes.push_back(length);
    }
    pieces.push_back("<extra_id_-1>");
    sizes.push_back(13);
    mcplm_spm_decode_pieces(spm, pieces.data(), sizes.data(), pieces.size(), out.data(),
                            out.size());
  }
  const int piece_size = mcplm_spm_piece_size(spm);
  std::size_t length = 0;
  mcplm_spm_id_to_piece(spm, piece_size, &length);
  mcplm_spm_id_to_piece(spm, -1, &length);
  mcplm_spm_free(spm);
  return 0;
}
