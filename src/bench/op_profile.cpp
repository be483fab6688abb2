#include "mcplm/bench/op_profile.h"

#include <fmt/format.h>
#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <vector>

namespace mcplm {

namespace {

namespace prof = torch::autograd::profiler;

struct OpTime {
  int64_t calls = 0;
  double self_us = 0;
};

struct Open {
  const prof::LegacyEvent* push;
  double child_us = 0;
};

// Self time per operator name over every thread's push/pop ranges.
std::map<std::string, OpTime> self_times(const prof::thread_event_lists& lists) {
  std::map<std::string, OpTime> out;
  for (const auto& events : lists) {
    std::vector<Open> stack;
    for (const auto& e : events) {
      if (e.kind() == prof::EventKind::PushRange) {
        stack.push_back({&e});
      } else if (e.kind() == prof::EventKind::PopRange && !stack.empty()) {
        Open open = stack.back();
        stack.pop_back();
        const double total = open.push->cpuElapsedUs(e);
        OpTime& op = out[open.push->name()];
        ++op.calls;
        op.self_us += total - open.child_us;
        if (!stack.empty()) stack.back().child_us += total;
      }
    }
  }
  return out;
}

}  // namespace

std::string profile_ops(const std::function<void()>& work, int top) {
  prof::enableProfilerLegacy(torch::profiler::impl::ProfilerConfig(prof::ProfilerState::CPU));
  const auto start = std::chrono::steady_clock::now();
  work();
  const double wall_us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  const auto times = self_times(prof::disableProfilerLegacy());

  std::vector<std::pair<std::string, OpTime>> ops(times.begin(), times.end());
  std::sort(ops.begin(), ops.end(),
            [](const auto& a, const auto& b) { return a.second.self_us > b.second.self_us; });
  std::string text =
      fmt::format("  {:<36} {:>7} {:>10} {:>7}\n", "operator (self time)", "calls", "ms", "% wall");
  double listed = 0;
  for (int i = 0; i < top && i < static_cast<int>(ops.size()); ++i) {
    const auto& [name, op] = ops[i];
    listed += op.self_us;
    text += fmt::format("  {:<36} {:>7} {:>10.1f} {:>6.1f}%\n", name.substr(0, 36), op.calls,
                        op.self_us / 1000, 100 * op.self_us / wall_us);
  }
  double all = 0;
  for (const auto& [name, op] : ops) all += op.self_us;
  text += fmt::format("  {:<36} {:>7} {:>10.1f} {:>6.1f}%\n", "(other operators)", "",
                      (all - listed) / 1000, 100 * (all - listed) / wall_us);
  text += fmt::format("  {:<36} {:>7} {:>10.1f} {:>6.1f}%\n", "(outside operators)", "",
                      (wall_us - all) / 1000, 100 * (wall_us - all) / wall_us);
  return text;
}

}  // namespace mcplm
