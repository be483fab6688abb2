#include "mcplm/data/task_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "mcplm/core/error.h"
#include "test_util.h"

using namespace mcplm;

namespace {

std::filesystem::path write_file(const std::string& name, const std::string& bytes) {
  auto path = test::temp_dir("files") / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// The InputError of reading `bytes`, as "line: message" (file checked too).
std::string error_of(const std::string& bytes) {
  auto path = write_file("t_train.tsv", bytes);
  try {
    read_task_file(path);
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path.string());
    std::string what = e.what();
    EXPECT_EQ(what.rfind(path.string() + ":", 0), 0u) << what;
    return std::to_string(e.line()) + ": " + what.substr(what.find(": ") + 2);
  }
  return "no error";
}

}  // namespace

TEST(TaskFile, ReadsLinesAndAnswers) {
  auto path = write_file("t_train.tsv",
                         "premise: a [SEP] hypothesis: b\tneutral\n"
                         "question: q\tans one\tans two\tans three\n"
                         "  padded input \t label \n");
  TaskFile file = read_task_file(path);
  ASSERT_EQ(file.examples.size(), 3u);
  EXPECT_EQ(file.path, path);
  EXPECT_EQ(file.examples[0].line, 0u);
  EXPECT_EQ(file.examples[0].input, "premise: a [SEP] hypothesis: b");
  EXPECT_EQ(file.examples[0].answers, (std::vector<std::string>{"neutral"}));
  EXPECT_EQ(file.examples[1].answers,
            (std::vector<std::string>{"ans one", "ans two", "ans three"}));
  // Like the original's line.strip(): only the ends of the whole line.
  EXPECT_EQ(file.examples[2].line, 2u);
  EXPECT_EQ(file.examples[2].input, "padded input ");
  EXPECT_EQ(file.examples[2].answers, (std::vector<std::string>{" label"}));
}

TEST(TaskFile, AcceptsAnyLineEnding) {
  auto path = write_file("t_train.tsv", "a\tx\r\nb\ty\rc\tz");
  TaskFile file = read_task_file(path);
  ASSERT_EQ(file.examples.size(), 3u);
  EXPECT_EQ(file.examples[1].input, "b");
  EXPECT_EQ(file.examples[2].answers[0], "z");
}

TEST(TaskFile, KeepsUtf8Text) {
  auto path = write_file("t_train.tsv", "na\xC3\xAFve caf\xC3\xA9\t\xC3\xA9t\xC3\xA9\n");
  EXPECT_EQ(read_task_file(path).examples[0].answers[0], "\xC3\xA9t\xC3\xA9");
}

TEST(TaskFile, MissingFile) {
  auto path = test::temp_dir("missing") / "nope_train.tsv";
  try {
    read_task_file(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path.string());
    EXPECT_EQ(e.line(), 0u);
    EXPECT_NE(std::string(e.what()).find("missing file"), std::string::npos);
  }
}

TEST(TaskFile, NamesTheFirstBadLine) {
  EXPECT_EQ(error_of("a\tb\nno tab here\nc\td\n"), "2: no tab (expected input<TAB>answer)");
  EXPECT_EQ(error_of("a\tb\ninput\t\n"), "2: empty answer");
  EXPECT_EQ(error_of("a\tb\ninput\t  \n"), "2: empty answer");
  EXPECT_EQ(error_of("a\tb\tc\td\ninput\tx\t\ty\n"), "2: answer 2 is empty");
  EXPECT_EQ(error_of("\tanswer\n"), "1: empty input before the tab");
  EXPECT_EQ(error_of("a\tb\n\nc\td\n"), "2: empty line (expected input<TAB>answer)");
  EXPECT_EQ(error_of("a\tb\n   \n"), "2: empty line (expected input<TAB>answer)");
  EXPECT_EQ(error_of("a\tb\nc\td\nbad \xE9t\xE9\tx\n"), "3: invalid UTF-8 (byte 0xE9 at column 5)");
  EXPECT_EQ(error_of("ok\tfine\r\nsecond\xFF\tx\r\n"), "2: invalid UTF-8 (byte 0xFF at column 7)");
  EXPECT_EQ(error_of(""), "0: no lines");
}
