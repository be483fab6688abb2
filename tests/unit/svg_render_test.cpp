// Every kind of SVG mcplm writes is well-formed XML (always checked, with
// xmllint too where it is installed) and renders in headless Chromium and
// headless Firefox to a picture of the document's size that is not blank
// (each skipped, saying why, where that browser is not installed).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

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

// What the test needs of a PNG: its size and the colour of its top-left
// pixel (#rrggbb), decoded with zlib; width 0 when it is no 8-bit RGB(A) PNG.
struct PngPicture {
  int width = 0, height = 0;
  std::string top_left;
};

PngPicture read_png(const std::string& png) {
  auto number = [&](std::size_t at) {
    uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) v = v * 256 + static_cast<unsigned char>(png[at + k]);
    return v;
  };
  if (png.size() < 33 || png.compare(1, 3, "PNG") != 0 || png.compare(12, 4, "IHDR") != 0)
    return {};
  const int width = static_cast<int>(number(16)), height = static_cast<int>(number(20));
  const int depth = png[24], colour_type = png[25];
  if (depth != 8 || (colour_type != 2 && colour_type != 6)) return {};
  std::string compressed;  // the IDAT chunks' data, in order
  for (std::size_t at = 8; at + 8 <= png.size();) {
    const std::size_t length = number(at);
    if (png.compare(at + 4, 4, "IDAT") == 0) compressed += png.substr(at + 8, length);
    at += 12 + length;
  }
  const std::size_t channels = colour_type == 6 ? 4 : 3;
  std::vector<unsigned char> rows(static_cast<std::size_t>(height) * (1 + width * channels));
  uLongf size = rows.size();
  if (uncompress(rows.data(), &size, reinterpret_cast<const Bytef*>(compressed.data()),
                 compressed.size()) != Z_OK)
    return {};
  // The first pixel of the first row is stored as it is under every filter
  // type (no pixel left of it, no row above).
  return {width, height, fmt::format("#{:02x}{:02x}{:02x}", rows[1], rows[2], rows[3])};
}

// Renders the sample to DIR/plot.png with `command` (fmt arguments: profile
// dir, png, width, height, svg file, log) and checks the picture.
void expect_rendered(const std::string& kind, const std::string& command) {
  const std::string svg = sample(kind);
  const auto [width, height] = svg_size(svg);
  const fs::path dir = test::temp_dir("render");
  std::ofstream(dir / "plot.svg") << svg;
  // A profile of its own, so that renders running side by side do not share one.
  fs::create_directories(dir / "profile");
  const std::string line = fmt::format(
      fmt::runtime(command), (dir / "profile").string(), (dir / "plot.png").string(), width, height,
      fs::absolute(dir / "plot.svg").string(), (dir / "browser.log").string());
  ASSERT_EQ(std::system(line.c_str()), 0) << test::read_text(dir / "browser.log");
  const std::string png = test::read_text(dir / "plot.png");
  const PngPicture picture = read_png(png);
  EXPECT_EQ(std::make_pair(picture.width, picture.height), std::make_pair(width, height));
  // The plot's own background, not a browser's error page (Firefox's
  // "XML Parsing Error" is drawn on #ffffe0).
  EXPECT_EQ(picture.top_left, "#fafafa");
  // A blank page of these sizes compresses to about 3 KB; a drawn one to tens.
  EXPECT_GT(png.size(), 8000u) << "a blank picture?";
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

// A 2×1 RGB picture, #ffffe0 then #000000, rows with the Sub filter (the
// second pixel stored as its difference from the first); chunk CRCs are not
// read.
TEST(PngRead, SizeAndTopLeftColour) {
  auto be32 = [](uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  const std::string raw = {1, '\xff', '\xff', '\xe0', 1, 1, 0x20};
  std::vector<Bytef> packed(compressBound(raw.size()));
  uLongf size = packed.size();
  ASSERT_EQ(compress(packed.data(), &size, reinterpret_cast<const Bytef*>(raw.data()), raw.size()),
            Z_OK);
  const std::string ihdr = be32(2) + be32(1) + std::string{8, 2, 0, 0, 0};
  const std::string png = std::string("\x89PNG\r\n\x1a\n") + be32(13) + "IHDR" + ihdr + be32(0) +
                          be32(static_cast<uint32_t>(size)) + "IDAT" +
                          std::string(packed.begin(), packed.begin() + size) + be32(0);
  const PngPicture picture = read_png(png);
  EXPECT_EQ(picture.width, 2);
  EXPECT_EQ(picture.height, 1);
  EXPECT_EQ(picture.top_left, "#ffffe0");
  EXPECT_EQ(read_png("not a png").width, 0);
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
  expect_rendered(GetParam(), "timeout 120 '" + chromium->string() +
                                  "' --headless --no-sandbox --disable-gpu --hide-scrollbars "
                                  "--user-data-dir='{}' --screenshot='{}' --window-size={},{} "
                                  "'file://{}' > '{}' 2>&1");
}

TEST_P(SvgKind, RendersInFirefox) {
  const auto firefox = on_path({"firefox-esr", "firefox"});
  if (!firefox)
    GTEST_SKIP() << "no firefox-esr or firefox on the PATH (Debian: apt-get install firefox-esr)";
  expect_rendered(GetParam(), "MOZ_HEADLESS=1 timeout 120 '" + firefox->string() +
                                  "' -no-remote -profile '{}' --screenshot '{}' "
                                  "--window-size={},{} 'file://{}' > '{}' 2>&1");
}

INSTANTIATE_TEST_SUITE_P(EveryKind, SvgKind,
                         ::testing::Values("path", "path_log", "tasks", "datamap", "plane", "bars"),
                         [](const auto& info) { return info.param; });
