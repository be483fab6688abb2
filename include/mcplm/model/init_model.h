// `mcplm init`: a randomly initialised Hugging Face model directory (config,
// weights, tokenizer files) for demos, tests and the toy task.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

#include "mcplm/config/model_family.h"
#include "mcplm/core/param_set.h"

namespace mcplm {

struct InitOptions {
  ModelFamily family = ModelFamily::T5;
  std::filesystem::path config;         // config.json-style file; vocab_size may be omitted
  std::filesystem::path tokenizer_dir;  // copied into the output
  std::filesystem::path out_dir;
  uint64_t seed = 0;
};

// Writes config.json, model.safetensors and the tokenizer files into out_dir.
// RoBERTa: RobertaForSequenceClassification drawn as transformers does
// (seeded), the given config completed with model_type and vocab_size.
void init_model_dir(const InitOptions& options);

// `mcplm export`: the base model directory `model_dir` with the tensors of a
// full-model checkpoint (`tune --method model`) written as a new Hugging Face
// directory, tokenizer files included, that transformers and mcplm load
// (T5 or RoBERTa; a RoBERTa config takes the checkpoint's label count).
void export_model_dir(const std::filesystem::path& model_dir,
                      const std::filesystem::path& checkpoint,
                      const std::filesystem::path& out_dir);
// The same from the full model's tensors (`source` names them in errors).
void export_model_dir(const std::filesystem::path& model_dir, const ParamSet& tuned,
                      const std::string& source, const std::filesystem::path& out_dir);

}  // namespace mcplm
