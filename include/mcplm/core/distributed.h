// Several processes working as one (data-parallel tuning, interpolation
// points spread over ranks) through PyTorch's own engine: c10d's TCPStore for
// the rendezvous and ProcessGroupGloo for the collectives. Ranks come from
// torchrun's environment (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR,
// MASTER_PORT) or flags; a world of one process needs neither and every
// collective is then a no-op.
#pragma once
#include <torch/types.h>

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace mcplm {

// Flags; an unset value (-1, "", 0) is read from the environment.
struct DistributedOptions {
  int rank = -1;            // RANK
  int world_size = -1;      // WORLD_SIZE; 1 when unset
  int local_rank = -1;      // LOCAL_RANK; the rank when unset
  std::string master_addr;  // MASTER_ADDR; 127.0.0.1 when unset
  int master_port = 0;      // MASTER_PORT; 29500 when unset
  double timeout_s = 1800;  // --dist-timeout: longest wait for another rank
};

// Flags and environment resolved: what this process is in the world.
struct RankInfo {
  int rank = 0, world_size = 1, local_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  std::chrono::milliseconds timeout{1800 * 1000};
};

// InputError naming the flag or variable when a value is not a number, the
// rank is outside [0, WORLD_SIZE) or the timeout is not positive.
RankInfo resolve_rank_info(const DistributedOptions& options);

class DistributedContext {
 public:
  // Joins the other ranks when the world has more than one process; an
  // error names the ranks that did not come within the timeout.
  explicit DistributedContext(const RankInfo& info);
  ~DistributedContext();
  DistributedContext(const DistributedContext&) = delete;
  DistributedContext& operator=(const DistributedContext&) = delete;

  // A world of this process alone.
  static DistributedContext& single_process();

  int rank() const { return info_.rank; }
  int world_size() const { return info_.world_size; }
  int local_rank() const { return info_.local_rank; }
  bool is_main() const { return info_.rank == 0; }
  bool distributed() const { return info_.world_size > 1; }

  // Every rank ends with the element-wise sum over ranks. The tensors (CPU,
  // float32 or float64) travel flattened into one buffer per dtype and about
  // 25 MB, so that many small gradients cost few messages.
  void allreduce_sum(const std::vector<torch::Tensor>& tensors);
  // Every rank ends with rank 0's values, bucketed as allreduce_sum.
  void broadcast(const std::vector<torch::Tensor>& tensors);
  // Rank 0's `text` on every rank (the argument is ignored elsewhere).
  std::string broadcast_string(const std::string& text);
  // Rank 0: every rank's `text` in rank order; other ranks: empty.
  std::vector<std::string> gather_strings(const std::string& text);
  // True on every rank when `flag` is true on any.
  bool any(bool flag);
  void barrier();

  // Runs `work`. When it throws, the other ranks are told why before the
  // exception goes on, so that their errors name this rank and its reason
  // rather than a lost connection.
  void run(const std::function<void()>& work);

 private:
  struct Group;
  RankInfo info_;
  std::unique_ptr<Group> group_;  // null in a world of one
};

// `out` on rank 0; a stream that drops everything on the other ranks.
std::ostream& main_rank_stream(const DistributedContext& dist, std::ostream& out);

}  // namespace mcplm
