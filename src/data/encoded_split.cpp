#include "mcplm/data/encoded_split.h"

#include <fmt/format.h>

#include "mcplm/core/error.h"
#include "mcplm/text/python_str.h"

namespace mcplm {

EncodedSplit encode_t5(const std::string& task, const TaskFile& file, const Tokenizer& tokenizer,
                       const T5EncodeOptions& options) {
  EncodedSplit split;
  split.kind = TargetKind::text;
  split.pad_id = tokenizer.pad_id();
  split.inputs.reserve(file.examples.size());
  split.targets.reserve(file.examples.size());
  for (const auto& example : file.examples) {
    split.inputs.push_back(tokenizer.encode(t5_input_text(task, example.input, options.format),
                                            options.max_input_length));
    auto& targets = split.targets.emplace_back();
    for (const auto& answer : example.answers)
      targets.push_back(
          tokenizer.encode(t5_target_text(answer, options.format), options.max_output_length));
  }
  return split;
}

EncodedSplit encode_roberta(const TaskFile& file, const LabelSpace& labels,
                            const Tokenizer& tokenizer, std::size_t max_length) {
  EncodedSplit split;
  split.kind = labels.regression ? TargetKind::value : TargetKind::class_id;
  split.pad_id = tokenizer.pad_id();
  split.inputs.reserve(file.examples.size());
  for (const auto& example : file.examples) {
    SentencePair pair = split_sentence_pair(example.input);
    split.inputs.push_back(pair.is_pair ? tokenizer.encode_pair(pair.first, pair.second, max_length)
                                        : tokenizer.encode(pair.first, max_length));
    const std::string& label = example.answers[0];
    if (labels.regression) {
      auto value = py_float(label);
      if (!value)
        throw InputError(file.path.string(), example.line + 1,
                         fmt::format("label '{}' is not a number (regression task)", label));
      split.values.push_back(static_cast<float>(*value));
    } else {
      int64_t id = labels.class_id(label);
      if (id < 0)
        throw InputError(file.path.string(), example.line + 1,
                         fmt::format("label '{}' never occurs in the training file", label));
      split.class_ids.push_back(id);
    }
  }
  return split;
}

}  // namespace mcplm
