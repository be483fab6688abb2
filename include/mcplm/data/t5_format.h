// T5 text-to-text formatting of task lines, exactly as the original:
// input " [task] " + input, target "<extra_id_0>" + answer, then optional
// lowercasing and a "<s> " prefix on both.
#pragma once
#include <string>

namespace mcplm {

struct T5FormatOptions {
  bool do_lowercase = false;        // --do-lowercase: Python str.lower() on both
  bool append_another_bos = false;  // --append-another-bos: prefix "<s> " to both
};

std::string t5_input_text(const std::string& task, const std::string& input,
                          const T5FormatOptions& options = {});
std::string t5_target_text(const std::string& answer, const T5FormatOptions& options = {});

}  // namespace mcplm
