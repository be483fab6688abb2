// RoBERTa task-boundary interpolation: endpoints tuned on
// tasks with different label sets share everything but the classifier's
// `out_proj`, which is taken whole from the endpoint whose task is evaluated.
#pragma once
#include <string>

#include "mcplm/core/param_set.h"

namespace mcplm {

// Whether `name` is one of the tensors kept out of the path
// (classifier.out_proj.*).
bool is_task_head(const std::string& name);

// Which endpoint's classifier.out_proj.* the evaluated model takes: 1 or 2,
// or 0 when the head is interpolated like the rest. `tuned` is the evaluated
// model's tuned set (its out_proj has the task's label count). head_from:
//   Auto: 0 when both endpoints have the task's label count, else the one
//         that has it (InputError when neither does);
//   First/Second: that endpoint, whose label count must match the task's.
// InputError for First/Second on a model without a classifier head, naming
// `source1`/`source2` for the endpoints.
enum class HeadFrom { Auto, First, Second };  // --head-from auto | 1 | 2
int task_head_endpoint(const ParamSet& tuned, const ParamSet& ckpt1, const ParamSet& ckpt2,
                       HeadFrom head_from, const std::string& source1,
                       const std::string& source2);

}  // namespace mcplm
