#include "mcplm/config/original_flags.h"

#include <gtest/gtest.h>

namespace mcplm {
namespace {

using Words = std::vector<std::string>;

TEST(OriginalFlags, SnakeCaseBecomesKebabCaseAndRenamedFlagsTakeMcplmsName) {
  EXPECT_EQ(translate_original_flags({"interpolate", "--task_dir", "d_1", "--load_PET_path_1", "a",
                                      "--load_PET_path_2=b", "--itpl_points", "11"},
                                     "interpolate"),
            (Words{"interpolate", "--task-dir", "d_1", "--ckpt1", "a", "--ckpt2=b", "--points",
                   "11"}));
  EXPECT_EQ(translate_original_flags({"tune", "--learning_rate_list", "1e-2", "5e-3",
                                      "--tune_method", "adapter", "--tokenizer_path", "t"},
                                     "tune"),
            (Words{"tune", "--lr", "1e-2", "5e-3", "--method", "adapter", "--tokenizer", "t"}));
}

TEST(OriginalFlags, FlagsWithoutAnEquivalentAreDropped) {
  EXPECT_EQ(translate_original_flags({"tune", "--do_train", "--do_predict", "--one_prefix",
                                      "--apply_adapter", "--gradient_accumulation_steps", "4",
                                      "--seed", "20"},
                                     "tune"),
            (Words{"tune", "--seed", "20"}));
  // The path commands read the adapters' shape from the checkpoints.
  EXPECT_EQ(translate_original_flags({"interpolate", "--adapter_type", "houlsby", "--adapter_size",
                                      "12", "--itpl_points", "3"},
                                     "interpolate"),
            (Words{"interpolate", "--points", "3"}));
  EXPECT_EQ(translate_original_flags({"tune", "--adapter_size", "12"}, "tune"),
            (Words{"tune", "--adapter-size", "12"}));
  // interpolate evaluates the test file only when asked: --do_predict stays.
  EXPECT_EQ(translate_original_flags({"interpolate", "--do_predict", "--do_valid"}, "interpolate"),
            (Words{"interpolate", "--do-predict", "--do-valid"}));
}

TEST(OriginalFlags, ListsAndSplitsTakeMcplmsForm) {
  EXPECT_EQ(translate_original_flags({"weight-find", "--load_stage1_pet_path_list", "a", "b"},
                                     "weight-find"),
            (Words{"weight-find", "--ckpt1", "a", "--ckpt2", "b"}));
  EXPECT_EQ(translate_original_flags({"split-tune", "--datasplit", "split2"}, "split-tune"),
            (Words{"split-tune", "--split", "2"}));
}

TEST(OriginalFlags, McplmSpellingsAndValuesPassUnchanged) {
  const Words mine = {"tune", "--task-dir", "my_task", "--output-dir=out_1", "--lr", "1e-3", "-h"};
  EXPECT_EQ(translate_original_flags(mine, "tune"), mine);
}

}  // namespace
}  // namespace mcplm
