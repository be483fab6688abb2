// A tiny C API over SentencePiece, built into its own shared library
// (libmcplm_spm.so, src/spm/spm_capi.cpp). Debian's libsentencepiece carries a
// private protobuf that clashes with LibTorch's, so mcplm_core never links it:
// it opens libmcplm_spm.so with dlopen(RTLD_LOCAL | RTLD_DEEPBIND) and calls
// these functions through pointers (see text/sentencepiece.h).
#pragma once
#include <stddef.h>

#define MCPLM_SPM_ABI_VERSION 3

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mcplm_spm mcplm_spm;

// MCPLM_SPM_ABI_VERSION of the library, to detect a stale build.
int mcplm_spm_abi_version(void);
// A processor from a model's bytes; NULL on failure, with the reason in
// mcplm_spm_last_error(). The model's normalization rules are checked first
// (SentencePiece would read outside corrupted ones).
mcplm_spm* mcplm_spm_load_bytes(const char* data, size_t size);
void mcplm_spm_free(mcplm_spm* spm);
// Number of pieces (ids 0 .. size-1).
int mcplm_spm_piece_size(const mcplm_spm* spm);
// Ids of UTF-8 `text`: writes at most `capacity` ids and returns how many the
// text has (call again with more room when that is larger); -1 on error.
long mcplm_spm_encode(const mcplm_spm* spm, const char* text, size_t size, int* ids,
                      size_t capacity);
// The piece of `id` (valid while `spm` lives), its length in *size; NULL when
// `id` is out of range.
const char* mcplm_spm_id_to_piece(const mcplm_spm* spm, int id, size_t* size);
// The id of `piece`, the unknown id when it is not in the vocabulary.
int mcplm_spm_piece_to_id(const mcplm_spm* spm, const char* piece, size_t size);
// Text of `ids`: writes at most `capacity` bytes and returns the length (call
// again with more room when that is larger); -1 on error.
long mcplm_spm_decode(const mcplm_spm* spm, const int* ids, size_t count, char* out,
                      size_t capacity);
// Text of `count` pieces (piece i: `pieces[i]`, `sizes[i]` bytes), as
// SentencePiece's DecodePieces: a piece not in the vocabulary stands for
// itself. Returns like mcplm_spm_decode.
long mcplm_spm_decode_pieces(const mcplm_spm* spm, const char* const* pieces, const size_t* sizes,
                             size_t count, char* out, size_t capacity);
// The last error of this thread ("" when none).
const char* mcplm_spm_last_error(void);

#ifdef __cplusplus
}
#endif
