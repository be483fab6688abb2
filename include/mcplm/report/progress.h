// A one-line progress display on a terminal: done/total, rate, ETA and a
// caller-supplied status (e.g. the running loss). Silent when stderr is not a
// terminal or when quiet, so logs and CI output stay clean.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace mcplm {

class Progress {
 public:
  Progress(std::string label, int64_t total, bool quiet = false);
  ~Progress();

  // Redraws at most ~10 times a second.
  void update(int64_t done, const std::string& status = "");
  // Ends the line (once).
  void finish();

  bool enabled() const { return enabled_; }
  // Seconds since construction.
  double elapsed() const;

 private:
  std::string label_;
  int64_t total_;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// "1h02m", "3m05s", "12s".
std::string format_duration(double seconds);

// "  [3/10 12s elapsed, ETA 28s]": where a run of `total` items stands after
// `done` of them took `elapsed` seconds.
std::string progress_note(std::size_t done, std::size_t total, double elapsed);

}  // namespace mcplm
