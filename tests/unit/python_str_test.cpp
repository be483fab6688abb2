#include "mcplm/text/python_str.h"

#include <gtest/gtest.h>

#include <cmath>

#include "mcplm/text/utf8.h"

using namespace mcplm;

TEST(Utf8, FindsInvalidUtf8) {
  EXPECT_FALSE(find_invalid_utf8("plain ascii"));
  EXPECT_FALSE(find_invalid_utf8("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80"));
  EXPECT_EQ(find_invalid_utf8("ab\xFF"), 2u);
  EXPECT_EQ(find_invalid_utf8("a\xC3"), 1u);             // truncated
  EXPECT_EQ(find_invalid_utf8("a\xC0\xAF"), 1u);         // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);      // surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("x\xE2\x28\xA1"), 1u);     // bad continuation
}

TEST(Utf8, CountsCodePoints) {
  EXPECT_EQ(utf8_length("a\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80"), 4u);
  EXPECT_EQ(utf8_length(""), 0u);
}

TEST(PythonStr, StripsWhatPythonStrips) {
  EXPECT_EQ(py_strip(" \t\u00a0a b\u3000\n"), "a b");
  EXPECT_EQ(py_strip("\u200ba\u200b"), "\u200ba\u200b");  // not a space in Python
  EXPECT_EQ(py_rstrip("a\x1f"), "a");
}

TEST(Utf8, ReplacesIllFormedUtf8LikePython) {
  // b"a\xe2\x82b\xff\xf0\x9f".decode("utf-8", "replace") == "a\ufffdb\ufffd\ufffd"
  EXPECT_EQ(decode_utf8_replace("a\xe2\x82"
                                "b\xff\xf0\x9f"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD");
  // b"\xed\xa0\x80".decode("utf-8", "replace") == "\ufffd" * 3 (a surrogate)
  EXPECT_EQ(decode_utf8_replace("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(PythonStr, StripAndSplitUseUnicodeWhiteSpace) {
  EXPECT_EQ(py_strip(" \t a b \n"), "a b");
  EXPECT_EQ(py_strip("\xC2\xA0x\xE3\x80\x80"), "x");  // NBSP, ideographic space
  EXPECT_EQ(py_strip("\x1Fx\x1C"), "x");              // separators are white space too
  EXPECT_EQ(py_strip("   "), "");
  EXPECT_EQ(py_strip(""), "");
  EXPECT_EQ(py_strip("\xC3\xA9"), "\xC3\xA9");
  EXPECT_EQ(py_split("  a\tb\xE2\x80\x83"
                     "c  "),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(py_split(" \n ").empty());
}

TEST(PythonStr, LowerFollowsPython) {
  EXPECT_EQ(py_lower("HeLLo World"), "hello world");
  EXPECT_EQ(py_lower("\xC3\x89T\xC3\x89"), "\xC3\xA9t\xC3\xA9");                // ÉTÉ -> été
  EXPECT_EQ(py_lower("\xD0\x9C\xD0\x98\xD0\xA0"), "\xD0\xBC\xD0\xB8\xD1\x80");  // МИР -> мир
  EXPECT_EQ(py_lower("\xC4\xB0"), "i\xCC\x87");                                 // İ -> i + U+0307
  EXPECT_EQ(py_lower("\xC4\x80\xC4\x81"), "\xC4\x81\xC4\x81");  // Ā ā (stride-2 run)
  EXPECT_EQ(py_lower("\xE2\x85\xA0"), "\xE2\x85\xB0");          // Roman numeral Ⅰ
  EXPECT_EQ(py_lower("\xF0\x90\x90\x80"), "\xF0\x90\x90\xA8");  // Deseret 𐐀
  EXPECT_EQ(py_lower("<extra_id_0>"), "<extra_id_0>");
}

TEST(PythonStr, FloatFollowsPython) {
  EXPECT_EQ(py_float("1.5"), 1.5);
  EXPECT_EQ(py_float("  -2e3 \n"), -2000.0);
  EXPECT_EQ(py_float("+.5"), 0.5);
  EXPECT_EQ(py_float("5."), 5.0);
  EXPECT_EQ(py_float("1_000.25"), 1000.25);
  EXPECT_EQ(py_float("Infinity"), INFINITY);
  EXPECT_EQ(py_float("-inf"), -INFINITY);
  EXPECT_TRUE(std::isnan(*py_float("NaN")));
  EXPECT_EQ(py_float("1e400"), INFINITY);
  EXPECT_EQ(py_float("1e-400"), 0.0);
  for (const char* bad : {"", " ", "abc", "1.2.3", "0x10", "1_", "_1", "1__0", "1e", "e5", ".",
                          "1,5", "- 1", "nan1", "1.5x"})
    EXPECT_FALSE(py_float(bad)) << bad;
}
