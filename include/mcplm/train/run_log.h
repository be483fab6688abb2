// The log of one training run: `log.txt` (time-stamped lines, echoed to the
// caller's stream unless quiet) and `metrics.jsonl` (one JSON event a line).
#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>

namespace mcplm {

class RunLog {
 public:
  // `append`: continue the files of an earlier run instead of starting them
  // afresh. An inactive log (ranks other than 0) writes nothing.
  RunLog(const std::filesystem::path& dir, bool append, std::ostream& echo, bool quiet,
         bool active = true);

  void line(const std::string& message);
  void event(const nlohmann::json& j);
  // A resumed run continues from update `updates`: drops the metrics.jsonl
  // events of later updates (and a last line cut short), rewriting the file
  // atomically, so that the resumed run does not record them twice.
  void keep_events_through(int64_t updates);

 private:
  std::filesystem::path events_file_;
  std::ofstream text_, events_;
  std::ostream& echo_;
  bool quiet_, active_;
};

}  // namespace mcplm
