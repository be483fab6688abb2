#include "mcplm/io/directory_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "mcplm/core/error.h"

namespace mcplm {

DirectoryLock::DirectoryLock(const std::filesystem::path& dir, Mode mode, const std::string& what) {
  std::filesystem::create_directories(dir);
  fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0)
    throw std::runtime_error(dir.string() + ": cannot open to lock it: " + std::strerror(errno));
  int rc = 0;
  do {
    rc = ::flock(fd_, LOCK_EX | (mode == Mode::Refuse ? LOCK_NB : 0));
  } while (rc != 0 && errno == EINTR);
  if (rc == 0) return;
  const int error = errno;
  ::close(fd_);
  if (error == EWOULDBLOCK)
    throw InputError(dir.string(), 0,
                     "another mcplm process is writing " + what +
                         " here (it holds the directory's lock): wait for it, or choose another "
                         "--output-dir");
  throw std::runtime_error(dir.string() + ": cannot lock: " + std::strerror(error));
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace mcplm
