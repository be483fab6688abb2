// Which endpoint's classifier.out_proj a task-boundary path uses.
#include "mcplm/connect/task_boundary.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "mcplm/core/error.h"

namespace mcplm {
namespace {

// A tuned set whose head has `labels` outputs (none when 0).
ParamSet with_head(int64_t labels) {
  ParamSet p;
  p.set("classifier.dense.weight", torch::zeros({4, 4}));
  if (labels > 0) {
    p.set("classifier.out_proj.weight", torch::zeros({labels, 4}));
    p.set("classifier.out_proj.bias", torch::zeros({labels}));
  }
  return p;
}

int endpoint(int64_t task, int64_t n1, int64_t n2, const std::string& head_from) {
  const HeadFrom from = head_from == "1"   ? HeadFrom::First
                        : head_from == "2" ? HeadFrom::Second
                                           : HeadFrom::Auto;
  return task_head_endpoint(with_head(task), with_head(n1), with_head(n2), from, "a", "b");
}

TEST(TaskBoundary, AutoPicksTheEndpointWhoseLabelCountMatches) {
  EXPECT_EQ(endpoint(3, 3, 3, "auto"), 0);  // same label sets: an ordinary path
  EXPECT_EQ(endpoint(3, 3, 2, "auto"), 1);
  EXPECT_EQ(endpoint(2, 3, 2, "auto"), 2);
  EXPECT_EQ(endpoint(0, 0, 0, "auto"), 0);  // no head (T5)
  try {
    endpoint(4, 3, 2, "auto");
    ADD_FAILURE() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("the task has 4 labels; a has 3 labels, b has 2 labels"),
              std::string::npos)
        << e.what();
  }
}

TEST(TaskBoundary, ForcedEndpointMustFitTheTask) {
  EXPECT_EQ(endpoint(3, 3, 3, "1"), 1);
  EXPECT_EQ(endpoint(3, 3, 3, "2"), 2);
  EXPECT_EQ(endpoint(2, 3, 2, "2"), 2);
  EXPECT_THROW(endpoint(2, 3, 2, "1"), InputError);
  EXPECT_THROW(endpoint(0, 0, 0, "1"), InputError);
}

TEST(TaskBoundary, OnlyOutProjIsTheTaskHead) {
  EXPECT_TRUE(is_task_head("classifier.out_proj.weight"));
  EXPECT_TRUE(is_task_head("classifier.out_proj.bias"));
  EXPECT_FALSE(is_task_head("classifier.dense.weight"));
  EXPECT_FALSE(is_task_head("roberta.encoder.layer.0.output.dense.weight"));
}

}  // namespace
}  // namespace mcplm
