// weight_find.json: written and read back, refused when malformed or when
// its groups are not the model's; the picture's sections follow the network.
#include "mcplm/connect/weight_find_file.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>

#include "mcplm/connect/weight_find_plot.h"
#include "mcplm/core/error.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

namespace {

WeightFindRecord sample() {
  WeightFindRecord r;
  r.filter = LayerFilter::Layer;
  r.groups =
      group_parameters({"shared.weight", "encoder.block.0.layer.0.q", "encoder.block.0.layer.1.wo",
                        "encoder.final_layer_norm.weight", "decoder.block.0.layer.0.q",
                        "decoder.block.1.layer.2.wo", "lm_head.weight"},
                       LayerFilter::Layer);
  r.logits = torch::tensor({-3.25f, 0.1f, 1e-8f, 2.5f, -0.7f, 12.0f, -9.5f});
  r.details = {{"updates", 7}};
  return r;
}

void expect_refused(const std::string& text, const std::string& message) {
  const fs::path file = test::temp_dir("bad") / "weight_find.json";
  std::ofstream(file) << text;
  try {
    read_weight_find_file(file);
    ADD_FAILURE() << "accepted: " << text;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), file.string());
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(WeightFindFile, RoundTripsLogitsExactly) {
  const fs::path file = test::temp_dir("rt") / "weight_find.json";
  const WeightFindRecord r = sample();
  write_weight_find_file(file, r);
  const WeightFindRecord back = read_weight_find_file(file);
  EXPECT_EQ(back.filter, LayerFilter::Layer);
  ASSERT_EQ(back.groups.size(), r.groups.size());
  for (std::size_t g = 0; g < r.groups.size(); ++g) {
    EXPECT_EQ(back.groups[g].name, r.groups[g].name);
    EXPECT_EQ(back.groups[g].params, r.groups[g].params);
  }
  EXPECT_TRUE(torch::equal(back.logits, r.logits));
  EXPECT_EQ(back.details["updates"], 7);
  const auto j = nlohmann::json::parse(test::read_text(file));
  EXPECT_NEAR(j["groups"][0]["alpha"].get<double>(), 1 / (1 + std::exp(3.25)), 1e-7);
  EXPECT_NO_THROW(check_same_groups(back, LayerFilter::Layer, r.groups, "x"));
}

TEST(WeightFindFile, RefusesMalformedFilesAndOtherGroups) {
  expect_refused("[1, 2]", "not a weight-find file");
  expect_refused(R"({"filter": "stack", "groups": [{"name": "a", "logit": 1}]})", "filter 'stack'");
  expect_refused(R"({"filter": "block", "groups": [{"name": "a"}]})", "lacks a \"name\" or a");
  expect_refused(R"({"filter": "block", "groups": []})", "no groups");
  expect_refused("{", "not JSON");

  const WeightFindRecord r = sample();
  EXPECT_THROW(check_same_groups(r, LayerFilter::Block, r.groups, "x"), InputError);
  std::vector<ParamGroup> other = r.groups;
  other[2].name = "encoder.block.0.layer.9";
  try {
    check_same_groups(r, LayerFilter::Layer, other, "init.json");
    ADD_FAILURE() << "accepted other groups";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("group 2 is encoder.block.0.layer.1, the model's "
                                         "encoder.block.0.layer.9"),
              std::string::npos)
        << e.what();
  }
}

TEST(WeightFindFile, PictureSectionsFollowTheNetwork) {
  const auto sections = weight_find_sections(sample());
  std::vector<std::string> labels, parts;
  for (const auto& s : sections) {
    labels.push_back(s.label);
    parts.push_back(s.part);
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"shared", "block 0", "final_layer_norm", "block 0",
                                              "block 1", "lm_head"}));
  EXPECT_EQ(parts, (std::vector<std::string>{"", "encoder", "encoder", "decoder", "decoder", ""}));
  ASSERT_EQ(sections[1].values.size(), 2u);  // the encoder block's two layers
  EXPECT_NEAR(sections[1].values[0], 1 / (1 + std::exp(-0.1)), 1e-6);

  const std::string svg = weight_find_svg(sample(), "toy");
  std::size_t bars = 0;
  for (std::size_t at = 0; (at = svg.find("<title>", at)) != std::string::npos; ++at) ++bars;
  EXPECT_EQ(bars, 7u);
  EXPECT_NE(svg.find(">encoder<"), std::string::npos);
  EXPECT_NE(svg.find("7 groups (layer filter)"), std::string::npos);
}
