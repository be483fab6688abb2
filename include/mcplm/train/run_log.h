// The log of one training run: `log.txt` (time-stamped lines, echoed to the
// caller's stream unless quiet) and `metrics.jsonl` (one JSON event a line).
#pragma once
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

 private:
  std::ofstream text_, events_;
  std::ostream& echo_;
  bool quiet_, active_;
};

}  // namespace mcplm
