// `mcplm cartography analyze`: joins the training dynamics of cartography.json
// with the forgetting lists of `interpolate --on-train`
// (valid_data_analysis.json), as the original's utils/process_cartography.py.
#pragma once
#include <filesystem>
#include <string>

namespace mcplm {

// For each x of the analysis file in file order, the examples newly forgotten
// on the way from the previous x ("start" before the first): zero_list at x
// minus zero_list at the previous x. Per block, as the original prints it:
//   this is from interpolation point {prev} ===> {x}
//   total number of newly forgotten examples: {n}
//   average correctness is: {mean acc}
//   average confidence is: {mean confidence}
//   average variance is: {std of confidence}
//   average turn is: {changes of acc}
// and an empty line; numbers as Python prints floats (0.0 when n = 0).
// InputError naming the file on malformed input or out-of-range indices.
std::string forgetting_report(const std::filesystem::path& cartography_file,
                              const std::filesystem::path& analysis_file);

}  // namespace mcplm
