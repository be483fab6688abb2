// The original code base's command-line spellings (utils/options.py and the
// paper's scripts: --task_dir, --learning_rate_list, --load_PET_path_1 …),
// rewritten to mcplm's flags so that its command lines run as they are.
#pragma once
#include <string>
#include <vector>

namespace mcplm {

// Rewrites `args` (the words after the program name) for `mcplm COMMAND`:
// --snake_case flags become --kebab-case, the renamed ones take their mcplm
// name (--load_PET_path_1 → --ckpt1, --itpl_points → --points,
// --learning_rate_list → --lr, --tune_method → --method, …,
// --load_stage1_pet_path_list A B → --ckpt1 A --ckpt2 B, --datasplit split1 →
// --split 1), and the flags mcplm needs no equivalent of are dropped
// (--do_train, --one_prefix, --apply_adapter, --gradient_accumulation_steps N,
// --do_predict for the training commands, which predict by default, and
// --adapter_type/--adapter_size for interpolate, plane and dist, which read
// them from the checkpoints).
// mcplm's own spellings pass unchanged; values are never rewritten.
std::vector<std::string> translate_original_flags(const std::vector<std::string>& args,
                                                  const std::string& command);

}  // namespace mcplm
