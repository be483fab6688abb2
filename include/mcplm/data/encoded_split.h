// The token ids of one task file, ready for batching: T5 inputs with one
// target per answer, or RoBERTa inputs with a class id or a regression value.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mcplm/data/roberta_view.h"
#include "mcplm/data/t5_format.h"
#include "mcplm/data/task_file.h"
#include "mcplm/text/tokenizer.h"

namespace mcplm {

enum class TargetKind {
  text,      // T5: token ids of each answer
  class_id,  // RoBERTa classification
  value,     // RoBERTa regression
};

struct EncodedSplit {
  TargetKind kind = TargetKind::text;
  int64_t pad_id = 0;
  std::vector<std::vector<int64_t>> inputs;                // [N][T_i], special tokens included
  std::vector<std::vector<std::vector<int64_t>>> targets;  // text: [N][answers][L_ia]
  std::vector<int64_t> class_ids;                          // class_id: [N]
  std::vector<float> values;                               // value: [N]

  std::size_t size() const { return inputs.size(); }
  // Answers of example i that training may draw from (1 unless text).
  std::size_t answer_count(std::size_t i) const {
    return kind == TargetKind::text ? targets[i].size() : 1;
  }
};

struct T5EncodeOptions {
  T5FormatOptions format;
  std::size_t max_input_length = 512;  // --max-input-length
  std::size_t max_output_length = 64;  // --max-output-length
};

// T5 formatting of every line, tokenized with truncation.
EncodedSplit encode_t5(const std::string& task, const TaskFile& file, const Tokenizer& tokenizer,
                       const T5EncodeOptions& options = {});

// RoBERTa: pairs split at " [SEP] ", `longest_first` truncation to
// `max_length`; the first answer becomes the class id (InputError naming file
// and line when training never has it) or the regression value.
EncodedSplit encode_roberta(const TaskFile& file, const LabelSpace& labels,
                            const Tokenizer& tokenizer, std::size_t max_length = 128);

}  // namespace mcplm
