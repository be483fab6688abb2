// The malformed-input corpus (tests/malformed, see make_corpus.py there) run
// against the real binary: each bad input must give exit code 2 and exactly
// one stderr line `mcplm: error: <file>[:<line>]: ...`, with no stack trace
// and nothing left in the output directory.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "test_util.h"

namespace fs = std::filesystem;

namespace {

struct MalformedCase {
  std::string name, args, expected;
};

// gtest prints a parameter in the test's listing: the case's arguments, not
// its bytes.
void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.args; }

fs::path corpus_dir() { return mcplm::test::fixtures().parent_path() / "malformed"; }

std::vector<MalformedCase> read_manifest() {
  std::vector<MalformedCase> cases;
  std::ifstream in(corpus_dir() / "manifest.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    MalformedCase c;
    std::getline(fields, c.name, '\t');
    std::getline(fields, c.args, '\t');
    std::getline(fields, c.expected, '\t');
    cases.push_back(c);
  }
  return cases;
}

std::string substitute(std::string text, const std::string& key, const std::string& value) {
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
  return text;
}

std::string expand(std::string text, const fs::path& out) {
  text = substitute(text, "@M@", corpus_dir().string());
  text = substitute(text, "@FIX@", mcplm::test::fixtures().string());
  text = substitute(text, "@TOY@",
                    (corpus_dir().parent_path().parent_path() / "data" / "toy").string());
  return substitute(text, "@OUT@", out.string());
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (!entry.is_directory()) files.push_back(entry.path().string());
  return files;
}

class MalformedInput : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedInput, OneLineErrorExitTwoNoOutput) {
  const MalformedCase& c = GetParam();
  const fs::path out = mcplm::test::temp_dir("out");
  const fs::path logs = mcplm::test::temp_dir("logs");
  const std::string command = "'" + mcplm::test::mcplm_binary().string() + "' " +
                              expand(c.args, out) + " >'" + (logs / "stdout").string() + "' 2>'" +
                              (logs / "stderr").string() + "'";
  int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal: " << command;
  const std::string err = read_text(logs / "stderr");
  EXPECT_EQ(WEXITSTATUS(status), 2) << command << "\n" << err;
  ASSERT_FALSE(err.empty()) << command;
  EXPECT_EQ(err.find('\n'), err.size() - 1) << "not exactly one line:\n" << err;
  EXPECT_EQ(err.rfind("mcplm: error: ", 0), 0u) << err;
  EXPECT_NE(err.find(expand(c.expected, out)), std::string::npos)
      << "expected: " << expand(c.expected, out) << "\ngot: " << err;
  EXPECT_EQ(err.find("Exception raised from"), std::string::npos) << err;
  EXPECT_EQ(files_under(out), std::vector<std::string>{}) << "left behind by " << command;
  EXPECT_FALSE(fs::exists("/tmp/mcplm-malformed-ran")) << "a pickle ran code";
}

std::string case_name(const ::testing::TestParamInfo<MalformedCase>& info) {
  std::string name = info.param.name;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedInput, ::testing::ValuesIn(read_manifest()), case_name);

TEST(MalformedCorpus, HasOneCasePerFailureMode) { EXPECT_GE(read_manifest().size(), 30u); }

}  // namespace
