// A one-line progress display on a terminal: done/total, rate, ETA and a
// caller-supplied status (e.g. the running loss). Silent when stderr is not a
// terminal or when quiet, so logs and CI output stay clean.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace mcplm {

// One bar is shown at a time, on stderr's last line: a bar that draws
// replaces the one shown before (an evaluation's over a training run's), and
// clear_line() erases it before a log line is printed, so that the two never
// share a line; the bar comes back at its next update.
class Progress {
 public:
  // Kept: the finished bar stays on its line; Transient: it is erased (an
  // evaluation's, inside a longer run).
  enum class Style { Kept, Transient };

  // `first`: items done before this process started (a resumed run), left
  // out of the rate and the ETA.
  Progress(std::string label, int64_t total, bool quiet = false, int64_t first = 0,
           Style style = Style::Kept);
  ~Progress();

  // Redraws at most ~10 times a second, and at once after clear_line().
  void update(int64_t done, const std::string& status = "");
  // Ends the bar (once): a new line after a Kept bar, erased if Transient.
  void finish();

  bool enabled() const { return enabled_; }
  // Seconds since construction.
  double elapsed() const;

  // Erases the bar shown, if any.
  static void clear_line();

 private:
  std::string label_;
  int64_t total_, first_;
  Style style_;
  bool enabled_;
  bool finished_ = false;
  bool drawn_ = false;  // this bar is on the terminal's last line now
  std::chrono::steady_clock::time_point start_, last_draw_;
  static Progress* shown_;  // the bar drawn last, while it is drawn
};

// "1h02m", "3m05s", "12s".
std::string format_duration(double seconds);

// "  [3/10 12s elapsed, ETA 28s]": where a run of `total` items stands after
// `done` of them took `elapsed` seconds.
std::string progress_note(std::size_t done, std::size_t total, double elapsed);

}  // namespace mcplm
