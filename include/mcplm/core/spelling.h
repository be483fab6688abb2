// Suggestions for mistyped names ("did you mean …?").
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mcplm {

// Edit distance (insertions, deletions, substitutions and swaps of two
// neighbouring characters, each costing 1) between `a` and `b`.
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word`, when it is close enough to be what was
// meant: at most 2 edits, and fewer than half of `word`'s length. Ties go to
// the earlier candidate.
std::optional<std::string> nearest_name(const std::string& word,
                                        const std::vector<std::string>& candidates);

}  // namespace mcplm
