#include "mcplm/core/interrupt.h"

#include <atomic>
#include <csignal>

namespace mcplm {

namespace {
std::atomic<bool> requested{false};

extern "C" void on_signal(int signal) {
  if (requested.exchange(true)) {  // the second time: stop now
    std::signal(signal, SIG_DFL);
    std::raise(signal);
  }
}
}  // namespace

void install_interrupt_handler() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool interrupt_requested() { return requested.load(); }

}  // namespace mcplm
