#include "mcplm/report/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace mcplm {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  auto s = static_cast<int64_t>(std::llround(seconds));
  if (s >= 3600) return fmt::format("{}h{:02d}m", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{}m{:02d}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

Progress* Progress::shown_ = nullptr;

Progress::Progress(std::string label, int64_t total, bool quiet, int64_t first, Style style)
    : label_(std::move(label)),
      total_(total),
      first_(first),
      style_(style),
      enabled_(!quiet && ::isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - std::chrono::seconds(1)) {}

Progress::~Progress() {
  finish();
  if (shown_ == this) shown_ = nullptr;
}

void Progress::clear_line() {
  if (!shown_ || !shown_->drawn_) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_->drawn_ = false;
  shown_ = nullptr;
}

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(int64_t done, const std::string& status) {
  if (!enabled_ || finished_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  if (shown_ && shown_ != this) shown_->drawn_ = false;  // drawn over
  shown_ = this;
  drawn_ = true;
  const double seconds = elapsed();
  const double rate = seconds > 0 ? static_cast<double>(done - first_) / seconds : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : NAN;
  const int width = 24;
  const int filled = total_ > 0 ? static_cast<int>(width * done / total_) : 0;
  fmt::print(stderr, "\r\033[K{} [{}{}] {}/{} {:.2f}/s ETA {} {}", label_, std::string(filled, '#'),
             std::string(width - filled, '.'), done, total_, rate, format_duration(eta), status);
  std::fflush(stderr);
}

void Progress::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  if (!drawn_) return;
  fmt::print(stderr, style_ == Style::Kept ? "\n" : "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
  shown_ = nullptr;
}

std::string progress_note(std::size_t done, std::size_t total, double elapsed) {
  const double eta = done == 0 ? 0
                               : elapsed / static_cast<double>(done) *
                                     static_cast<double>(total - done);
  return fmt::format("  [{}/{} {} elapsed, ETA {}]", done, total, format_duration(elapsed),
                     format_duration(eta));
}

}  // namespace mcplm
