#include "mcplm/data/t5_format.h"

#include "mcplm/text/python_str.h"

namespace mcplm {
namespace {

std::string finish(std::string text, const T5FormatOptions& options) {
  if (options.do_lowercase) text = py_lower(text);
  if (options.append_another_bos) text = "<s> " + text;
  return text;
}

}  // namespace

std::string t5_input_text(const std::string& task, const std::string& input,
                          const T5FormatOptions& options) {
  return finish(" [" + task + "] " + input, options);
}

std::string t5_target_text(const std::string& answer, const T5FormatOptions& options) {
  return finish("<extra_id_0>" + answer, options);
}

}  // namespace mcplm
