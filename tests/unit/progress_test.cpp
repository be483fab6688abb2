// Progress on a terminal (a pseudo-terminal standing in for stderr): one bar
// on the last line, erased before a log line, a transient bar erased when
// done, and a resumed run's rate from this process's items only.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <string>
#include <thread>

#include "mcplm/report/progress.h"

using namespace mcplm;

namespace {

// stderr sent to a raw pseudo-terminal while in scope; text() reads what
// was written to it so far.
class TerminalStderr {
 public:
  TerminalStderr() {
    termios raw{};
    cfmakeraw(&raw);
    if (::openpty(&master_, &slave_, nullptr, &raw, nullptr) != 0) return;
    std::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    ::dup2(slave_, STDERR_FILENO);
    ::fcntl(master_, F_SETFL, O_NONBLOCK);
  }
  ~TerminalStderr() {
    std::fflush(stderr);
    if (saved_ >= 0) ::dup2(saved_, STDERR_FILENO), ::close(saved_);
    if (slave_ >= 0) ::close(slave_);
    if (master_ >= 0) ::close(master_);
  }
  bool ok() const { return saved_ >= 0; }
  std::string text() {
    std::fflush(stderr);
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = ::read(master_, buffer, sizeof buffer)) > 0;) out.append(buffer, n);
    return out;
  }

 private:
  int master_ = -1, slave_ = -1, saved_ = -1;
};

const std::string kErase = "\r\033[K";

}  // namespace

TEST(Progress, ClearLineErasesTheBarWhichComesBackAtItsNextUpdate) {
  TerminalStderr terminal;
  if (!terminal.ok()) GTEST_SKIP() << "no pseudo-terminal here";
  Progress bar("train", 10);
  ASSERT_TRUE(bar.enabled());
  bar.update(3, "loss 1.0");
  std::string shown = terminal.text();
  EXPECT_EQ(shown.rfind(kErase + "train [", 0), 0u) << shown;
  EXPECT_NE(shown.find("3/10"), std::string::npos) << shown;
  EXPECT_EQ(shown.find('\n'), std::string::npos) << shown;

  Progress::clear_line();  // a log line follows on a clean line
  EXPECT_EQ(terminal.text(), kErase);
  Progress::clear_line();  // nothing shown: nothing written
  EXPECT_EQ(terminal.text(), "");

  bar.update(4, "loss 0.9");  // at once, within the 100 ms of the last draw
  EXPECT_NE(terminal.text().find("4/10"), std::string::npos);
  bar.finish();
  EXPECT_EQ(terminal.text(), "\n");  // a kept bar stays on its line
}

TEST(Progress, ATransientBarIsErasedAndTheBarBelowItRedraws) {
  TerminalStderr terminal;
  if (!terminal.ok()) GTEST_SKIP() << "no pseudo-terminal here";
  Progress train("train", 10);
  train.update(1);
  terminal.text();
  {
    Progress eval("evaluating dev.tsv", 2, false, 0, Progress::Style::Transient);
    eval.update(1, "batches");
    EXPECT_NE(terminal.text().find("evaluating dev.tsv"), std::string::npos);
    eval.update(2, "batches");
    eval.finish();
    const std::string end = terminal.text();
    EXPECT_EQ(end.substr(end.size() - kErase.size()), kErase) << end;
    EXPECT_EQ(end.find('\n'), std::string::npos) << end;
  }
  Progress::clear_line();  // the train bar was drawn over: nothing to erase
  EXPECT_EQ(terminal.text(), "");
  train.update(2);
  EXPECT_NE(terminal.text().find("2/10"), std::string::npos);
}

TEST(Progress, AResumedRunsRateCountsThisProcessesItemsOnly) {
  TerminalStderr terminal;
  if (!terminal.ok()) GTEST_SKIP() << "no pseudo-terminal here";
  Progress bar("train", 100, false, /*first=*/90);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  bar.update(91);
  const std::string shown = terminal.text();
  std::smatch rate;
  ASSERT_TRUE(std::regex_search(shown, rate, std::regex(R"(91/100 ([0-9.]+)/s)"))) << shown;
  EXPECT_LE(std::stod(rate[1]), 10.0) << shown;  // 1 item in >= 0.1 s (not 91)
  bar.finish();
}
