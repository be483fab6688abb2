// The model families mcplm knows, and which one a Hugging Face directory holds
// (its config.json's model_type): the one reader of that field.
#pragma once
#include <filesystem>
#include <string>

namespace mcplm {

enum class ModelFamily {
  T5,       // text-to-text: generates the answer
  Roberta,  // encoder + classification head: picks a label
};

// "t5" / "roberta", as config.json's model_type spells them.
const char* model_family_name(ModelFamily family);

// InputError naming dir/config.json when it is missing, not JSON, or says
// another model_type.
ModelFamily read_model_family(const std::filesystem::path& model_dir);

}  // namespace mcplm
