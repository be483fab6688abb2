// Three weight-find updates against the original's WrapModelLayerWF +
// Adafactor (tests/fixtures/weight_find: lr 0.1 fixed, clip 0.1, dropout 0,
// one full batch of 8 RTE lines), for each filter, from the safetensors ends
// and from the original's .pt ends: the group names and order, the loss
// before each update and α = σ(w) after updates 1 and 3.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/connect/weight_find.h"
#include "mcplm/connect/weight_find_file.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

fs::path fixture() { return test::fixtures() / "weight_find"; }

struct Measured {
  double alpha_error = 0, loss_error = 0;  // worst absolute α, relative loss
};

Measured run_three_updates(LayerFilter filter, const std::string& a, const std::string& b) {
  const json expected = json::parse(test::read_text(fixture() / "expected.json"));
  const json& want = expected["filters"][layer_filter_name(filter)];
  const fs::path dir = test::temp_dir(std::string(layer_filter_name(filter)) + "-" + a);

  // The fixture's start: its own logits for its group names.
  WeightFindRecord init;
  init.filter = filter;
  for (const auto& name : want["groups"]) init.groups.push_back({name.get<std::string>(), {}});
  init.logits = torch::tensor(want["init_logits"].get<std::vector<float>>());
  write_weight_find_file(dir / "init.json", init);

  WeightFindOptions o;
  o.train.setup.model_dir = fixture() / "model";
  o.train.setup.t5.max_input_length = expected["max_input_length"];
  o.train.setup.t5.max_output_length = expected["max_output_length"];
  o.train.setup.device = test::device();
  o.train.task_dir = fixture() / "glue-rte";
  o.train.output_dir = dir / "out";
  o.train.train_iters = expected["updates"];
  o.train.valid_interval = 0;
  o.train.log_interval = 1;
  o.train.do_predict = false;
  o.train.quiet = true;
  o.ckpt1 = fixture() / a;
  o.ckpt2 = fixture() / b;
  o.filter = filter;
  o.learning_rates = {expected["lr"].get<double>()};
  o.batch_sizes = {8};
  o.init_from = dir / "init.json";
  o.output_interval = 1;
  EXPECT_EQ(o.train.optim.max_grad_norm, expected["max_grad_norm"].get<double>());
  std::ostringstream log;
  run_weight_find(o, log);

  Measured m;
  const fs::path run = o.train.output_dir / "lr_0.1_bsz_8_seed_42";
  for (const std::string update : {"1", "3"}) {
    const WeightFindRecord got = read_weight_find_file(run / ("weight_find@" + update + ".json"));
    std::vector<std::string> names;
    for (const auto& g : got.groups) names.push_back(g.name);
    EXPECT_EQ(names, want["groups"].get<std::vector<std::string>>());
    const torch::Tensor alpha = torch::sigmoid(got.logits);
    const torch::Tensor expected_alpha =
        torch::tensor(want["alpha_after"][update].get<std::vector<float>>());
    m.alpha_error = std::max(m.alpha_error, (alpha - expected_alpha).abs().max().item<double>());
  }
  std::ifstream events(run / "metrics.jsonl");
  std::vector<double> losses;
  for (std::string line; std::getline(events, line);) {
    const json e = json::parse(line);
    if (e["event"] == "train") losses.push_back(e["loss"]);
  }
  const auto want_losses = want["losses"].get<std::vector<double>>();
  EXPECT_EQ(losses.size(), want_losses.size());
  for (std::size_t i = 0; i < std::min(losses.size(), want_losses.size()); ++i)
    m.loss_error = std::max(m.loss_error, std::abs(losses[i] / want_losses[i] - 1));
  return m;
}

class WeightFindParity : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(WeightFindParity, ThreeUpdatesMatchTheOriginal) {
  torch::set_num_threads(1);
  const LayerFilter filter = parse_layer_filter(GetParam(), "test");
  for (const auto& [a, b] : {std::pair<std::string, std::string>{"a.safetensors", "b.safetensors"},
                             {"checkpoint@5-a.pt", "checkpoint@5-b.pt"}}) {
    const Measured m = run_three_updates(filter, a, b);
    std::cout << GetParam() << " from " << a << ": max |alpha error| " << m.alpha_error
              << ", max relative loss error " << m.loss_error << "\n";
    EXPECT_LE(m.alpha_error, 1e-4) << a;
    EXPECT_LE(m.loss_error, 1e-5) << a;
  }
}

INSTANTIATE_TEST_SUITE_P(Filters, WeightFindParity, ::testing::Values("block", "layer", "weight"),
                         [](const auto& info) { return info.param; });
