// What a path plot calls its ends: seed and update from mcplm checkpoints'
// metadata, the task when the ends' tasks differ, else the file names.
#include "mcplm/connect/path_end_labels.h"

#include <gtest/gtest.h>

using namespace mcplm;

TEST(PathEndLabels, SeedAndUpdateFromMetadata) {
  const Metadata a{{"task", "toy"}, {"seed", "20"}, {"updates", "150"}, {"method", "adapter"}};
  const Metadata b{{"task", "toy"}, {"seed", "30"}, {"updates", "150"}};
  EXPECT_EQ(
      end_labels(a, "r/s20/checkpoint-best.safetensors", b, "r/s30/checkpoint-best.safetensors"),
      (std::array<std::string, 2>{"seed 20, update 150", "seed 30, update 150"}));
}

TEST(PathEndLabels, TaskWhenTheEndsTasksDiffer) {
  const Metadata a{{"task", "glue-mnli"}, {"seed", "20"}, {"updates", "10000"}};
  const Metadata b{{"task", "anli"}, {"seed", "20"}, {"updates", "10000"}};
  EXPECT_EQ(end_labels(a, "a.safetensors", b, "b.safetensors"),
            (std::array<std::string, 2>{"glue-mnli, seed 20, update 10000",
                                        "anli, seed 20, update 10000"}));
}

TEST(PathEndLabels, FileNamesWithoutMetadata) {
  EXPECT_EQ(end_labels({}, "runs/ckpt_20/", {}, "runs/ckpt_40"),
            (std::array<std::string, 2>{"ckpt_20", "ckpt_40"}));
  // The same name at both ends: the folder that tells them apart.
  EXPECT_EQ(
      end_labels({}, "out/seed20/step/checkpoint@5.pt", {}, "out/seed30/step/checkpoint@5.pt"),
      (std::array<std::string, 2>{"seed20", "seed30"}));
  EXPECT_EQ(end_labels({}, "a.pt", {}, "a.pt"), (std::array<std::string, 2>{"a.pt", "a.pt"}));
  // One end with metadata, one without.
  EXPECT_EQ(end_labels({{"seed", "20"}}, "x.safetensors", {}, "hf-model"),
            (std::array<std::string, 2>{"seed 20", "hf-model"}));
}
