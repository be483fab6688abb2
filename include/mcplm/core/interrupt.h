// Ctrl-C handling: the first SIGINT/SIGTERM only raises a flag that long loops
// poll, so they can save their state and stop cleanly; a second one kills.
#pragma once

namespace mcplm {

// Installs the handlers (idempotent).
void install_interrupt_handler();
bool interrupt_requested();

// Thrown by a loop that stopped on an interrupt after saving; exit code 130.
struct Interrupted {
  const char* what() const { return "interrupted"; }
};

}  // namespace mcplm
