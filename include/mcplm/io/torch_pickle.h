// A reader for files written by `torch.save` (zip format): `archive/data.pkl`
// plus one `archive/data/N` record per storage. The pickle is interpreted as
// data only: globals other than the known tensor/container constructors become
// opaque placeholders and nothing is ever executed.
#pragma once
#include <torch/types.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "mcplm/core/param_set.h"

namespace mcplm {

struct PickleValue;
using PickleList = std::vector<PickleValue>;
// Dict keys keep insertion order; keys that are not strings are rendered.
using PickleDict = std::vector<std::pair<PickleValue, PickleValue>>;

// A global the reader does not know (a Python class, argparse.Namespace, …),
// possibly "called" or "built" with arguments that are kept but never run.
struct PickleOpaque {
  std::string module, name;
};

struct PickleValue {
  enum class Kind { None, Bool, Int, Float, String, Bytes, List, Tuple, Dict, Tensor, Opaque };
  Kind kind = Kind::None;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;                      // String, Bytes
  std::shared_ptr<PickleList> items;  // List, Tuple
  std::shared_ptr<PickleDict> dict;   // Dict
  torch::Tensor tensor;
  std::shared_ptr<PickleOpaque> opaque;

  const PickleValue* find(const std::string& key) const;  // Dict with string keys

  PickleValue() = default;
  PickleValue(const PickleValue&) = default;
  PickleValue(PickleValue&&) = default;
  PickleValue& operator=(const PickleValue&) = default;
  PickleValue& operator=(PickleValue&&) = default;
  // Iterative: a pickle may nest containers deeper than the call stack allows.
  ~PickleValue();
};

// The unpickled top-level object. InputError on malformed input (naming the
// file and the problem) or on a legacy pre-zip torch file.
PickleValue load_torch_pickle(const std::filesystem::path& path);
// Unpickles `data.pkl` bytes with `storage(key)` giving the bytes of record
// `data/<key>`; `name` is used in error messages.
PickleValue unpickle(const std::string& pickle, const std::string& name,
                     const std::function<std::string(const std::string& key)>& storage);

// A state dict from a torch file: the top-level dict of tensors, or, for the
// original's checkpoints ({"adapter"|"model": state_dict, ...}), its `entry`.
ParamSet load_torch_state_dict(const std::filesystem::path& path, const std::string& entry);

}  // namespace mcplm
