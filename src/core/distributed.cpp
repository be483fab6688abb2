#include "mcplm/core/distributed.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <cstdlib>
#include <cstring>
#include <ostream>
#include <streambuf>
#include <thread>

#include "mcplm/core/error.h"
#include "mcplm/core/interrupt.h"

// LibTorch's CMake config defines USE_C10D_GLOO; MCPLM_HAVE_GLOO says the
// gloo headers (libgloo-dev) that its Gloo header needs are installed.
#if defined(MCPLM_HAVE_GLOO) && defined(USE_C10D_GLOO)
#define MCPLM_GLOO 1
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace mcplm {

namespace {

// The flag's value, else the environment variable's, else `fallback`.
int int_setting(int flag, const char* flag_name, const char* env, int fallback) {
  if (flag >= 0) return flag;
  const char* text = std::getenv(env);
  if (!text || !*text) return fallback;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (*end != '\0' || value < 0 || value > 1 << 30)
    throw InputError(fmt::format("{} must be a non-negative integer (got '{}'; or give {})", env,
                                 text, flag_name));
  return static_cast<int>(value);
}

std::string string_setting(const std::string& flag, const char* env, const char* fallback) {
  if (!flag.empty()) return flag;
  const char* text = std::getenv(env);
  return text && *text ? text : fallback;
}

}  // namespace

RankInfo resolve_rank_info(const DistributedOptions& o) {
  RankInfo info;
  info.world_size = int_setting(o.world_size, "--world-size", "WORLD_SIZE", 1);
  info.rank = int_setting(o.rank, "--rank", "RANK", 0);
  info.local_rank = int_setting(o.local_rank, "--local-rank", "LOCAL_RANK", info.rank);
  info.master_addr = string_setting(o.master_addr, "MASTER_ADDR", "127.0.0.1");
  info.master_port =
      int_setting(o.master_port > 0 ? o.master_port : -1, "--master-port", "MASTER_PORT", 29500);
  if (info.world_size < 1) throw InputError("the world size must be at least 1");
  if (info.rank >= info.world_size)
    throw InputError(
        fmt::format("rank {} is outside a world of {} process(es)", info.rank, info.world_size));
  if (info.master_port < 1 || info.master_port > 65535)
    throw InputError(fmt::format("the master port must be in 1..65535 (got {})", info.master_port));
  if (!(o.timeout_s > 0)) throw InputError("--dist-timeout must be positive");
  info.timeout = std::chrono::milliseconds(static_cast<int64_t>(o.timeout_s * 1000));
  return info;
}

namespace {

constexpr int64_t kBucketBytes = 25 << 20;

// Consecutive runs of same-dtype tensors of about kBucketBytes each.
std::vector<std::vector<torch::Tensor>> buckets(const std::vector<torch::Tensor>& tensors) {
  std::vector<std::vector<torch::Tensor>> out;
  int64_t bytes = 0;
  for (const auto& t : tensors) {
    const int64_t size = t.numel() * static_cast<int64_t>(t.element_size());
    if (out.empty() || out.back().front().scalar_type() != t.scalar_type() ||
        bytes + size > kBucketBytes) {
      out.emplace_back();
      bytes = 0;
    }
    out.back().push_back(t);
    bytes += size;
  }
  return out;
}

torch::Tensor flatten(const std::vector<torch::Tensor>& bucket) {
  std::vector<torch::Tensor> flat;
  for (const auto& t : bucket) flat.push_back(t.detach().reshape({-1}));
  return torch::cat(flat);  // [sum of numels]
}

void unflatten_into(const torch::Tensor& flat, const std::vector<torch::Tensor>& bucket) {
  torch::NoGradGuard no_grad;
  int64_t offset = 0;
  for (const auto& t : bucket) {
    t.copy_(flat.slice(0, offset, offset + t.numel()).view(t.sizes()));
    offset += t.numel();
  }
}

// Runs `collective` on each bucket of `tensors` flattened into one tensor
// (a one-element list, as ProcessGroup takes it) and copies the result back.
template <typename Collective>
void for_each_flat_bucket(const std::vector<torch::Tensor>& tensors, Collective collective) {
  for (const auto& bucket : buckets(tensors)) {
    std::vector<torch::Tensor> flat{flatten(bucket)};
    collective(flat);
    unflatten_into(flat.front(), bucket);
  }
}

torch::Tensor bytes_tensor(const std::string& text, int64_t size) {
  torch::Tensor out = torch::zeros({size}, torch::kUInt8);  // [size]
  std::memcpy(out.data_ptr(), text.data(), text.size());
  return out;
}

class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
};

}  // namespace

std::ostream& main_rank_stream(const DistributedContext& dist, std::ostream& out) {
  static NullBuffer buffer;
  static std::ostream null_stream(&buffer);
  return dist.is_main() ? out : null_stream;
}

#ifdef MCPLM_GLOO

// The store and the process group, and the failure protocol on the store:
// `failed/R` holds why rank R stopped, `seen/R` that rank R is alive and has
// noticed a failure.
struct DistributedContext::Group {
  RankInfo info;
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;

  explicit Group(const RankInfo& i) : info(i) {
    const std::string where = fmt::format("{}:{}", info.master_addr, info.master_port);
    c10d::TCPStoreOptions options;
    options.port = static_cast<uint16_t>(info.master_port);
    options.isServer = info.rank == 0;
    options.numWorkers = info.world_size;
    options.waitWorkers = false;  // the joined/ keys below name who is missing
    options.timeout = info.timeout;
    try {
      store = c10::make_intrusive<c10d::PrefixStore>(
          "mcplm", c10::make_intrusive<c10d::TCPStore>(info.master_addr, options));
    } catch (const std::exception& e) {
      throw std::runtime_error(
          info.rank == 0
              ? fmt::format("rank 0 cannot serve the rendezvous at {}: {}", where, first_line(e))
              : fmt::format("rank {} cannot reach rank 0's rendezvous at {} within {} s: {}",
                            info.rank, where, seconds(), first_line(e)));
    }
    // Each rank's world size, to name a mismatch instead of timing out on it.
    const std::string size = std::to_string(info.world_size);
    store->set(key("joined", info.rank), std::vector<uint8_t>(size.begin(), size.end()));
    wait_for_all("joined");
    auto gloo = c10d::ProcessGroupGloo::Options::create(info.timeout);
    gloo->devices.push_back(device());
    gloo->threads = 2;
    try {
      group = c10::make_intrusive<c10d::ProcessGroupGloo>(
          c10::make_intrusive<c10d::PrefixStore>("gloo", store), info.rank, info.world_size, gloo);
    } catch (const std::exception& e) {
      throw std::runtime_error(explain_failure(e));
    }
  }

  static std::string key(const char* what, int rank) { return fmt::format("{}/{}", what, rank); }
  double seconds() const { return static_cast<double>(info.timeout.count()) / 1000; }
  static std::string first_line(const std::exception& e) {
    const std::string what = e.what();
    return what.substr(0, what.find('\n'));
  }

  std::shared_ptr<::gloo::transport::Device> device() const {
    if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"))
      return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
    const bool loopback = info.master_addr == "localhost" || info.master_addr.rfind("127.", 0) == 0;
    return loopback ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                    : c10d::ProcessGroupGloo::createDefaultDevice();
  }

  // A rank that joined with another world size: an error naming both.
  void check_world_size(int rank) {
    const std::vector<uint8_t> value = store->get(key("joined", rank));
    const std::string size(value.begin(), value.end());
    if (size != std::to_string(info.world_size))
      throw InputError(fmt::format(
          "world size mismatch: rank {} was started with a world of {} process(es), rank {} with "
          "{}: give every rank the same WORLD_SIZE (--world-size)",
          rank, size, info.rank, info.world_size));
  }

  // Every rank's `joined/R` key, or an error naming the ranks that lack it.
  // Says once what it waits for, then every kHeartbeat who is still missing.
  void wait_for_all(const char* what) {
    constexpr auto kHeartbeat = std::chrono::seconds(30);
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + info.timeout;
    auto next_note = start + std::chrono::seconds(1);
    std::vector<bool> checked(info.world_size, false);
    for (;;) {
      std::vector<int> missing;
      for (int r = 0; r < info.world_size; ++r) {
        if (!store->check({key(what, r)})) {
          missing.push_back(r);
        } else if (!checked[r]) {
          check_world_size(r);
          checked[r] = true;
        }
      }
      // A rank of a larger world (its rank past ours) says so too.
      if (store->check({key(what, info.world_size)})) check_world_size(info.world_size);
      if (missing.empty()) return;
      if (const auto now = std::chrono::steady_clock::now(); now >= next_note) {
        fmt::print(stderr,
                   "mcplm: rank {} waits for {} rank(s) at {}:{}: rank(s) {} missing after {:.0f} "
                   "s (gives up after {} s, --dist-timeout)\n",
                   info.rank, info.world_size, info.master_addr, info.master_port,
                   fmt::join(missing, ", "), std::chrono::duration<double>(now - start).count(),
                   seconds());
        next_note = now + kHeartbeat;
      }
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error(fmt::format(
            "rank(s) {} did not join the rendezvous at {}:{} within {} s (--dist-timeout)",
            fmt::join(missing, ", "), info.master_addr, info.master_port, seconds()));
      if (interrupt_requested()) throw Interrupted{};
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  void allreduce(std::vector<torch::Tensor>& tensors) { wait(group->allreduce(tensors)); }
  void broadcast(std::vector<torch::Tensor>& tensors) { wait(group->broadcast(tensors)); }
  void allgather(std::vector<std::vector<torch::Tensor>>& out, std::vector<torch::Tensor>& in) {
    wait(group->allgather(out, in));
  }
  void barrier() { wait(group->barrier()); }

  // Waits for a collective; a failure becomes an error that names the rank
  // to blame.
  void wait(const c10::intrusive_ptr<c10d::Work>& work) {
    try {
      work->wait();
    } catch (const std::exception& e) {
      throw std::runtime_error(explain_failure(e));
    }
  }

  // Why a collective failed: the reasons ranks left on the store, else the
  // ranks that did not show up to say they are alive within 3 seconds.
  std::string explain_failure(const std::exception& cause) {
    const std::string detail = first_line(cause);
    try {
      store->set(key("seen", info.rank), std::vector<uint8_t>{1});
      const auto deadline =
          std::chrono::steady_clock::now() +
          std::min<std::chrono::milliseconds>(info.timeout, std::chrono::seconds(3));
      for (;;) {
        std::vector<std::string> reasons;
        std::vector<int> silent;
        for (int r = 0; r < info.world_size; ++r) {
          if (r == info.rank) continue;
          if (store->check({key("failed", r)})) {
            const std::vector<uint8_t> why = store->get(key("failed", r));
            reasons.push_back(
                fmt::format("rank {} failed: {}", r, std::string(why.begin(), why.end())));
          } else if (!store->check({key("seen", r)})) {
            silent.push_back(r);
          }
        }
        if (!reasons.empty()) return fmt::format("{}", fmt::join(reasons, "; "));
        if (silent.empty() || std::chrono::steady_clock::now() > deadline)
          return silent.empty() ? fmt::format("a collective operation failed on rank {}: {}",
                                              info.rank, detail)
                                : fmt::format("rank(s) {} died or stopped responding ({})",
                                              fmt::join(silent, ", "), detail);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    } catch (const std::exception&) {
      return fmt::format(
          "lost rank 0, which serves the rendezvous at {}:{}: it died or stopped responding ({})",
          info.master_addr, info.master_port, detail);
    }
  }

  // Leaves `why` for the other ranks. Rank 0 then closes its connections (so
  // that no rank stays blocked on it) and keeps the store up to 3 seconds
  // for them to read the reason.
  void report_failure(const std::string& why) {
    try {
      store->set(key("failed", info.rank), std::vector<uint8_t>(why.begin(), why.end()));
      if (info.rank != 0) return;
      group.reset();
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
      for (int r = 1; r < info.world_size; ++r)
        while (!store->check({key("seen", r)}) && !store->check({key("failed", r)}) &&
               std::chrono::steady_clock::now() < deadline)
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } catch (const std::exception&) {
      // The store is gone: the other ranks will report a lost rank 0.
    }
  }
};

DistributedContext::DistributedContext(const RankInfo& info) : info_(info) {
  if (info_.world_size > 1) group_ = std::make_unique<Group>(info_);
}

#else

// Never made: the constructor refuses a world of more than one.
struct DistributedContext::Group {
  void allreduce(std::vector<torch::Tensor>&) {}
  void broadcast(std::vector<torch::Tensor>&) {}
  void allgather(std::vector<std::vector<torch::Tensor>>&, std::vector<torch::Tensor>&) {}
  void barrier() {}
  void report_failure(const std::string&) {}
};

DistributedContext::DistributedContext(const RankInfo& info) : info_(info) {
  if (info_.world_size > 1)
    throw InputError(
        "this mcplm was built without Gloo (libgloo-dev), so it runs as one process only: unset "
        "WORLD_SIZE or rebuild after scripts/setup.sh");
}

#endif

DistributedContext::~DistributedContext() = default;

DistributedContext& DistributedContext::single_process() {
  static DistributedContext world_of_one(RankInfo{});
  return world_of_one;
}

void DistributedContext::allreduce_sum(const std::vector<torch::Tensor>& tensors) {
  if (!group_) return;
  for_each_flat_bucket(tensors,
                       [this](std::vector<torch::Tensor>& flat) { group_->allreduce(flat); });
}

void DistributedContext::broadcast(const std::vector<torch::Tensor>& tensors) {
  if (!group_) return;
  for_each_flat_bucket(tensors,
                       [this](std::vector<torch::Tensor>& flat) { group_->broadcast(flat); });
}

std::string DistributedContext::broadcast_string(const std::string& text) {
  if (!group_) return text;
  std::vector<torch::Tensor> size{torch::tensor({static_cast<int64_t>(text.size())})};  // [1]
  group_->broadcast(size);
  const int64_t n = size.front().item<int64_t>();
  if (n == 0) return "";
  std::vector<torch::Tensor> bytes{bytes_tensor(is_main() ? text : "", n)};  // [n]
  group_->broadcast(bytes);
  return std::string(static_cast<const char*>(bytes.front().data_ptr()), static_cast<size_t>(n));
}

std::vector<std::string> DistributedContext::gather_strings(const std::string& text) {
  if (!group_) return {text};
  const int world = world_size();
  std::vector<torch::Tensor> size{torch::tensor({static_cast<int64_t>(text.size())})};  // [1]
  std::vector<std::vector<torch::Tensor>> sizes(1);
  for (int r = 0; r < world; ++r) sizes.front().push_back(torch::empty({1}, torch::kLong));
  group_->allgather(sizes, size);
  int64_t longest = 1;
  for (const auto& s : sizes.front()) longest = std::max(longest, s.item<int64_t>());
  std::vector<torch::Tensor> mine{bytes_tensor(text, longest)};  // [longest]
  std::vector<std::vector<torch::Tensor>> all(1);
  for (int r = 0; r < world; ++r) all.front().push_back(torch::empty({longest}, torch::kUInt8));
  group_->allgather(all, mine);
  if (!is_main()) return {};
  std::vector<std::string> out;
  for (int r = 0; r < world; ++r)
    out.emplace_back(static_cast<const char*>(all.front()[r].data_ptr()),
                     static_cast<size_t>(sizes.front()[r].item<int64_t>()));
  return out;
}

bool DistributedContext::any(bool flag) {
  if (!group_) return flag;
  torch::Tensor count = torch::tensor({flag ? 1.0 : 0.0});  // [1]
  allreduce_sum({count});
  return count.item<double>() > 0;
}

void DistributedContext::barrier() {
  if (!group_) return;
  group_->barrier();
}

void DistributedContext::run(const std::function<void()>& work) {
  try {
    work();
  } catch (const Interrupted&) {
    if (group_) group_->report_failure("interrupted");
    throw;
  } catch (const std::exception& e) {
    if (group_) group_->report_failure(e.what());
    throw;
  }
}

}  // namespace mcplm
