#include "mcplm/train/run_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>

namespace mcplm {

RunLog::RunLog(const std::filesystem::path& dir, bool append, std::ostream& echo, bool quiet,
               bool active)
    : echo_(echo), quiet_(quiet), active_(active) {
  if (!active_) return;
  const auto mode = append ? std::ios::app : std::ios::trunc;
  text_.open(dir / "log.txt", mode);
  events_.open(dir / "metrics.jsonl", mode);
}

void RunLog::line(const std::string& message) {
  if (!active_) return;
  const std::string stamped =
      fmt::format("{:%Y-%m-%d %H:%M:%S} {}\n", fmt::localtime(std::time(nullptr)), message);
  text_ << stamped << std::flush;
  if (!quiet_) echo_ << message << "\n" << std::flush;
}

void RunLog::event(const nlohmann::json& j) {
  if (active_) events_ << j.dump() << "\n" << std::flush;
}

}  // namespace mcplm
