#include "mcplm/train/run_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>

namespace mcplm {

RunLog::RunLog(const std::filesystem::path& dir, bool append, std::ostream& echo, bool quiet)
    : text_(dir / "log.txt", append ? std::ios::app : std::ios::trunc),
      events_(dir / "metrics.jsonl", append ? std::ios::app : std::ios::trunc),
      echo_(echo),
      quiet_(quiet) {}

void RunLog::line(const std::string& message) {
  const std::string stamped =
      fmt::format("{:%Y-%m-%d %H:%M:%S} {}\n", fmt::localtime(std::time(nullptr)), message);
  text_ << stamped << std::flush;
  if (!quiet_) echo_ << message << "\n" << std::flush;
}

void RunLog::event(const nlohmann::json& j) { events_ << j.dump() << "\n" << std::flush; }

}  // namespace mcplm
