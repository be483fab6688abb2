// Resident memory of this process, read from /proc/self (Linux).
#pragma once
#include <cstdint>

namespace mcplm {

// Current resident set (VmRSS) in bytes; 0 where /proc is unavailable.
int64_t resident_bytes();
// Peak resident set (VmHWM) in bytes since start or the last reset; 0 where unavailable.
int64_t peak_resident_bytes();
// Starts a new peak at the current resident set (writes 5 to /proc/self/clear_refs);
// false where the kernel does not allow it.
bool reset_peak_resident();

}  // namespace mcplm
