#include "mcplm/connect/task_boundary.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

constexpr const char* kOutProj = "classifier.out_proj.weight";

// Rows of the endpoint's out_proj weight (its label count); -1 without one.
int64_t label_count(const ParamSet& params) {
  return params.contains(kOutProj) && params.at(kOutProj).dim() == 2 ? params.at(kOutProj).size(0)
                                                                     : -1;
}

}  // namespace

bool is_task_head(const std::string& name) { return name.rfind("classifier.out_proj.", 0) == 0; }

int task_head_endpoint(const ParamSet& tuned, const ParamSet& ckpt1, const ParamSet& ckpt2,
                       HeadFrom head_from, const std::string& source1,
                       const std::string& source2) {
  const int64_t task = label_count(tuned);
  if (task < 0) {
    if (head_from != HeadFrom::Auto)
      throw InputError(fmt::format("--head-from {} needs a model with a classification head "
                                   "(RoBERTa)",
                                   head_from == HeadFrom::First ? 1 : 2));
    return 0;
  }
  const int64_t n1 = label_count(ckpt1), n2 = label_count(ckpt2);
  auto describe = [&] {
    return fmt::format("the task has {} labels; {} has {}, {} has {}", task, source1,
                       n1 < 0 ? "no classifier.out_proj" : std::to_string(n1) + " labels", source2,
                       n2 < 0 ? "no classifier.out_proj" : std::to_string(n2) + " labels");
  };
  if (head_from == HeadFrom::Auto) {
    if (n1 == task && n2 == task) return 0;
    if (n1 == task) return 1;
    if (n2 == task) return 2;
    throw InputError("no endpoint's classification head fits the task: " + describe());
  }
  const int endpoint = head_from == HeadFrom::First ? 1 : 2;
  if ((endpoint == 1 ? n1 : n2) != task)
    throw InputError(
        fmt::format("--head-from {}: the head does not fit the task: {}", endpoint, describe()));
  return endpoint;
}

}  // namespace mcplm
