#include "mcplm/connect/path_scalars.h"

#include <cmath>
#include <string>

namespace mcplm {

int64_t path_step(double x) { return std::llround(1000 * x); }

std::vector<Scalar> path_scalars(const PointRecord& point, const PathLabels& labels) {
  std::vector<Scalar> scalars;
  auto add = [&](const std::string& split, const SplitEval& e) {
    scalars.push_back({"path/" + split + "/" + labels.metric, static_cast<float>(e.performance)});
    scalars.push_back({"path/" + split + "/loss", static_cast<float>(e.loss)});
  };
  if (point.dev) add(labels.on_train ? "train" : "dev", *point.dev);
  if (point.test) add("test", *point.test);
  return scalars;
}

void write_path_scalars(EventFileWriter& writer, const std::vector<PointRecord>& points,
                        const PathLabels& labels) {
  for (const PointRecord& p : points) writer.write_scalars(path_step(p.x), path_scalars(p, labels));
}

}  // namespace mcplm
