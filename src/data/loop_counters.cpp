#include "mcplm/data/loop_counters.h"

#include <nlohmann/json.hpp>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

using json = nlohmann::json;

class CountersReader {
 public:
  CountersReader(const json& j, const std::string& file) : j_(j), file_(file) {}

  int64_t count(const char* key) const {
    const json& v = at(key);
    if (!v.is_number_integer() || v.get<int64_t>() < 0) fail(key, "a non-negative integer");
    return v.get<int64_t>();
  }
  double number(const char* key) const {
    const json& v = at(key);
    if (!v.is_number()) fail(key, "a number");
    return v.get<double>();
  }
  bool boolean(const char* key) const {
    const json& v = at(key);
    if (!v.is_boolean()) fail(key, "true or false");
    return v.get<bool>();
  }
  TrainSampler::State sampler() const {
    const json& v = at("sampler");
    if (!v.is_array() || v.size() != 3) fail("sampler", "three non-negative integers");
    for (const auto& x : v)
      if (!x.is_number_unsigned()) fail("sampler", "three non-negative integers");
    return {v[0].get<uint64_t>(), v[1].get<uint64_t>(), v[2].get<uint64_t>()};
  }

 private:
  const json& at(const char* key) const {
    auto it = j_.find(key);
    if (it == j_.end()) throw InputError(file_, 0, std::string("resume counters lack '") + key + "'");
    return *it;
  }
  [[noreturn]] void fail(const char* key, const char* what) const {
    throw InputError(file_, 0, std::string("resume counter '") + key + "' is not " + what);
  }

  const json& j_;
  const std::string& file_;
};

}  // namespace

std::string loop_counters_to_json(const LoopCounters& c) {
  json j = {{"updates", c.updates},
            {"epoch", c.epoch},
            {"has_best", c.has_best},
            {"best_metric", c.has_best ? c.best_metric : 0.0},
            {"best_updates", c.best_updates},
            {"patience_used", c.patience_used},
            {"loss_sum", c.loss_sum},
            {"loss_count", c.loss_count},
            {"scored_updates", c.scored_updates},
            {"sampler", {c.sampler.seed, c.sampler.epoch, c.sampler.position}}};
  return j.dump();
}

LoopCounters parse_loop_counters(const std::string& text, const std::string& file) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    throw InputError(file, 0, "resume counters are not a JSON object");
  CountersReader r(j, file);
  LoopCounters c;
  c.updates = r.count("updates");
  c.epoch = r.count("epoch");
  c.has_best = r.boolean("has_best");
  if (c.has_best) c.best_metric = r.number("best_metric");
  c.best_updates = r.count("best_updates");
  c.patience_used = r.count("patience_used");
  c.loss_sum = r.number("loss_sum");
  c.loss_count = r.count("loss_count");
  if (j.contains("scored_updates") && j["scored_updates"].is_number_integer())
    c.scored_updates = j["scored_updates"].get<int64_t>();
  c.sampler = r.sampler();
  return c;
}

}  // namespace mcplm
