// Every kind of SVG mcplm writes is well-formed XML (always checked, with
// xmllint too where it is installed) and renders in headless Chromium to a
// picture of the document's size that is not blank (skipped, saying why,
// where no Chromium is installed).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <regex>

#include "svg_samples.h"
#include "test_util.h"
#include "xml_check.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

// The first of `names` found on the PATH.
std::optional<fs::path> on_path(const std::vector<std::string>& names) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  for (const auto& name : names) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', start), dirs.size());
      const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
  }
  return std::nullopt;
}

std::string sample(const std::string& name) {
  for (const auto& [kind, svg] : test::svg_samples())
    if (kind == name) return svg;
  throw std::runtime_error("no sample " + name);
}

// The document's width and height attributes.
std::pair<int, int> svg_size(const std::string& svg) {
  std::smatch m;
  if (!std::regex_search(svg, m,
                         std::regex(R"re(<svg [^>]*width="([0-9.]+)" height="([0-9.]+)")re")))
    throw std::runtime_error("an SVG without width and height");
  return {static_cast<int>(std::ceil(std::stod(m[1]))),
          static_cast<int>(std::ceil(std::stod(m[2])))};
}

// A PNG's width and height, from its IHDR chunk.
std::pair<int, int> png_size(const std::string& png) {
  if (png.size() < 24 || png.compare(1, 3, "PNG") != 0 || png.compare(12, 4, "IHDR") != 0)
    return {0, 0};
  auto number = [&](std::size_t at) {
    int v = 0;
    for (std::size_t k = 0; k < 4; ++k) v = v * 256 + static_cast<unsigned char>(png[at + k]);
    return v;
  };
  return {number(16), number(20)};
}

class SvgKind : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST(XmlCheck, FindsWhatIsNotWellFormed) {
  EXPECT_EQ(test::xml_error(R"(<svg a="1"><g><text>x &amp; y</text></g><rect/></svg>)"), "");
  EXPECT_NE(test::xml_error("<svg><g></svg>"), "");
  EXPECT_NE(test::xml_error(R"(<svg a="1" a="2"/>)"), "");
  EXPECT_NE(test::xml_error("<svg a=1/>"), "");
  EXPECT_NE(test::xml_error("<svg>a & b</svg>"), "");
  EXPECT_NE(test::xml_error(R"(<svg a="<"/>)"), "");
  EXPECT_NE(test::xml_error("<svg/><svg/>"), "");
  EXPECT_NE(test::xml_error("<svg>"), "");
}

TEST_P(SvgKind, IsWellFormedXml) {
  const std::string svg = sample(GetParam());
  EXPECT_EQ(test::xml_error(svg), "");
  if (const auto xmllint = on_path({"xmllint"})) {
    const fs::path file = test::temp_dir("xml") / "plot.svg";
    std::ofstream(file) << svg;
    EXPECT_EQ(std::system(("'" + xmllint->string() + "' --noout '" + file.string() + "'").c_str()),
              0);
  }
}

TEST_P(SvgKind, RendersInChromium) {
  const auto chromium = on_path({"chromium", "chromium-headless-shell", "chromium-browser"});
  if (!chromium)
    GTEST_SKIP() << "no chromium, chromium-headless-shell or chromium-browser on the PATH "
                    "(Debian: apt-get install chromium)";
  const std::string svg = sample(GetParam());
  const auto [width, height] = svg_size(svg);
  const fs::path dir = test::temp_dir("render");
  std::ofstream(dir / "plot.svg") << svg;
  // A profile of its own, so that renders running side by side do not share one.
  const std::string command = fmt::format(
      "timeout 120 '{}' --headless --no-sandbox --disable-gpu --hide-scrollbars "
      "--user-data-dir='{}' --screenshot='{}' --window-size={},{} 'file://{}' > '{}' 2>&1",
      chromium->string(), (dir / "profile").string(), (dir / "plot.png").string(), width, height,
      fs::absolute(dir / "plot.svg").string(), (dir / "chromium.log").string());
  ASSERT_EQ(std::system(command.c_str()), 0) << test::read_text(dir / "chromium.log");
  const std::string png = test::read_text(dir / "plot.png");
  EXPECT_EQ(png_size(png), std::make_pair(width, height));
  // A blank page of these sizes compresses to about 3 KB; a drawn one to tens.
  EXPECT_GT(png.size(), 8000u) << "a blank picture?";
}

INSTANTIATE_TEST_SUITE_P(EveryKind, SvgKind,
                         ::testing::Values("path", "path_log", "tasks", "datamap", "plane", "bars"),
                         [](const auto& info) { return info.param; });
