#include "mcplm/train/run_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mcplm/io/atomic_file.h"
#include "mcplm/report/progress.h"
#include "mcplm/train/event_scalars.h"

namespace mcplm {

RunLog::RunLog(const std::filesystem::path& dir, bool append, std::ostream& echo, bool quiet,
               bool active, bool tensorboard)
    : echo_(echo), quiet_(quiet), active_(active) {
  if (!active_) return;
  const auto mode = append ? std::ios::app : std::ios::trunc;
  text_.open(dir / "log.txt", mode);
  events_file_ = dir / "metrics.jsonl";
  events_.open(events_file_, mode);
  if (tensorboard) tensorboard_.emplace(dir / kTensorBoardDir);
}

void RunLog::keep_events_through(int64_t updates) {
  if (!active_) return;
  events_.close();
  std::string kept;
  std::istringstream in(std::filesystem::exists(events_file_) ? read_file_bytes(events_file_) : "");
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) continue;  // cut short by a crash or a full disk
    if (j.contains("updates") && j["updates"].is_number_integer() &&
        j["updates"].get<int64_t>() > updates)
      continue;
    kept += line + "\n";
  }
  write_text_atomically(events_file_, kept);
  events_.open(events_file_, std::ios::app);
  if (tensorboard_) tensorboard_->keep_earlier_files_through(updates);
}

void RunLog::line(const std::string& message) {
  if (!active_) return;
  const std::string stamped =
      fmt::format("{:%Y-%m-%d %H:%M:%S} {}\n", fmt::localtime(std::time(nullptr)), message);
  text_ << stamped << std::flush;
  if (quiet_) return;
  Progress::clear_line();  // a progress bar's line is not shared
  echo_ << message << "\n" << std::flush;
}

void RunLog::event(const nlohmann::json& j) {
  if (!active_) return;
  events_ << j.dump() << "\n" << std::flush;
  if (!tensorboard_) return;
  if (const std::optional<StepScalars> s = event_scalars(j))
    tensorboard_->write_scalars(s->step, s->scalars);
}

}  // namespace mcplm
