#include "mcplm/core/spelling.h"

#include <gtest/gtest.h>

namespace mcplm {
namespace {

TEST(Spelling, EditDistanceHandCases) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("tune", ""), 4u);
  EXPECT_EQ(edit_distance("interpolat", "interpolate"), 1u);  // one insertion
  EXPECT_EQ(edit_distance("tnue", "tune"), 1u);               // one swap
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);          // 2 substitutions + 1 insertion
  EXPECT_EQ(edit_distance("dist", "data"), 3u);
}

TEST(Spelling, NearestNameOnlyWhenClose) {
  const std::vector<std::string> commands = {"tune", "split-tune", "interpolate", "dist", "data"};
  EXPECT_EQ(nearest_name("interpolat", commands), "interpolate");
  EXPECT_EQ(nearest_name("tnue", commands), "tune");
  EXPECT_EQ(nearest_name("dsit", commands), "dist");
  EXPECT_EQ(nearest_name("zzzzzz", commands), std::nullopt);
  EXPECT_EQ(nearest_name("ab", commands), std::nullopt);  // 2 edits of a 2-letter word: not close
  EXPECT_EQ(nearest_name("x", {}), std::nullopt);
}

}  // namespace
}  // namespace mcplm
