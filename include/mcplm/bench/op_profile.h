// Where the time of a piece of LibTorch work goes, by operator, from
// LibTorch's autograd profiler (legacy CPU mode).
#pragma once
#include <functional>
#include <string>

namespace mcplm {

// Runs `work` once under the profiler and returns a table of the `top`
// operators by self CPU time (time not spent in nested operators): calls,
// self ms, share of the profiled wall time.
std::string profile_ops(const std::function<void()>& work, int top);

}  // namespace mcplm
