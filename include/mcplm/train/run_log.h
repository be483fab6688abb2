// The log of one training run: `log.txt` (time-stamped lines, echoed to the
// caller's stream unless quiet), `metrics.jsonl` (one JSON event a line) and,
// when asked, TensorBoard's view of those events in `tb/`
// (train/event_scalars.h).
#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "mcplm/report/event_file.h"

namespace mcplm {

class RunLog {
 public:
  // `append`: continue the files of an earlier run instead of starting them
  // afresh (`tb/` gets a new event file either way). An inactive log (ranks
  // other than 0) writes nothing.
  RunLog(const std::filesystem::path& dir, bool append, std::ostream& echo, bool quiet, bool active,
         bool tensorboard);

  void line(const std::string& message);
  void event(const nlohmann::json& j);
  // A resumed run continues from update `updates`: drops the metrics.jsonl
  // events of later updates (and a last line cut short), rewriting the file
  // atomically, so that the resumed run does not record them twice; the
  // earlier event files in tb/ likewise.
  void keep_events_through(int64_t updates);

 private:
  std::filesystem::path events_file_;
  std::ofstream text_, events_;
  std::optional<EventFileWriter> tensorboard_;
  std::ostream& echo_;
  bool quiet_, active_;
};

}  // namespace mcplm
