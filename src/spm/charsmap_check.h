// Checks a SentencePiece model's precompiled normalization rules
// (NormalizerSpec.precompiled_charsmap) before SentencePiece uses them.
// SentencePiece trusts them: a corrupted model makes its Normalizer read
// outside the rules (found by fuzz/fuzz_sentencepiece.cpp, input kept in
// fuzz/upstream/). Part of libmcplm_spm; no SentencePiece types involved.
#pragma once
#include <string>
#include <string_view>

namespace mcplm::spm {

// The charsmaps of the serialized ModelProto `model` (its normalizer_spec
// and denormalizer_spec) checked as check_charsmap does; "" when they are
// sound, otherwise what is wrong, naming the spec.
std::string check_model_charsmaps(std::string_view model);

// "" when `blob` (<uint32 trie size><darts-clone double array><NUL-terminated
// replacement strings>) can be searched with any input without reading
// outside it: every trie node reachable from the root has all 256 children
// inside the array, and every value points at a NUL-terminated string inside
// the blob. Otherwise what is wrong.
std::string check_charsmap(std::string_view blob);

}  // namespace mcplm::spm
