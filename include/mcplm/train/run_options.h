// The options a run was made with, recorded beside its results, against the
// options of a new command pointed at the same directory.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace mcplm {

// "train_iters 150 (now 300), seed 20 (now 30)": the keys of `now` that
// `recorded` holds with another value ("" when none). Keys `recorded` lacks
// (options a run predates) are not compared.
std::string options_that_differ(const nlohmann::json& recorded, const nlohmann::json& now);

}  // namespace mcplm
