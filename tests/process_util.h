// Helpers for tests that start several mcplm processes.
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <functional>
#include <stdexcept>
#include <thread>

namespace mcplm::test {

// A TCP port on 127.0.0.1 that nothing listens on now (for rendezvous tests).
inline int free_tcp_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  const bool bound = fd >= 0 &&
                     ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  if (fd >= 0) ::close(fd);
  if (!bound) throw std::runtime_error("free_tcp_port: no socket");
  return ntohs(address.sin_port);
}

// Waits for a spawned process; its exit code (128 + signal when killed).
inline int wait_for_exit(int pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Polls `done` every 20 ms for up to `seconds`; whether it came true.
inline bool wait_until(const std::function<bool()>& done, int seconds = 120) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// SIGKILL (no chance to save) to a spawned run once `ready` holds (or after
// 120 s), `linger` later; returns when it is gone. The caller checks what
// the run left.
inline void kill_when(int pid, const std::function<bool()>& ready,
                      std::chrono::milliseconds linger = std::chrono::milliseconds(0)) {
  wait_until(ready);
  std::this_thread::sleep_for(linger);
  ::kill(pid, SIGKILL);
  wait_for_exit(pid);
}

}  // namespace mcplm::test
