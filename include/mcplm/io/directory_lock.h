// An advisory lock (flock) on a run's output directory, held while the
// object lives, so that two processes never write one run: a second writer
// is refused instead of mixing its records into the first's. The lock is on
// the directory itself: it leaves no file behind, and goes with the process.
#pragma once
#include <filesystem>
#include <string>

namespace mcplm {

class DirectoryLock {
 public:
  enum class Mode {
    Refuse,  // another holder: InputError naming the directory
    Wait,    // another holder: wait until it lets go (for a short update)
  };
  // Creates `dir` when missing. `what` names the run in the refusal
  // ("an interpolation", "the sweep cell").
  DirectoryLock(const std::filesystem::path& dir, Mode mode, const std::string& what);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace mcplm
