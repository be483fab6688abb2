#include "mcplm/core/memory_usage.h"

#include <fstream>
#include <string>

namespace mcplm {

namespace {

// The value of a "Key:   123 kB" line of /proc/self/status, in bytes.
int64_t status_kilobytes(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.compare(0, key.size(), key) == 0 && line.size() > key.size() &&
        line[key.size()] == ':')
      return std::stoll(line.substr(key.size() + 1)) * 1024;
  return 0;
}

}  // namespace

int64_t resident_bytes() { return status_kilobytes("VmRSS"); }

int64_t peak_resident_bytes() { return status_kilobytes("VmHWM"); }

bool reset_peak_resident() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

}  // namespace mcplm
