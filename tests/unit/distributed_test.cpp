#include "mcplm/core/distributed.h"

#include <torch/torch.h>

#include <cstdlib>
#include <functional>
#include <thread>

#include "mcplm/core/error.h"
#include "process_util.h"
#include "test_util.h"

namespace mcplm {
namespace {

// Runs `work(rank context)` on two ranks, one thread each, joined through a
// rendezvous on loopback.
void on_two_ranks(const std::function<void(DistributedContext&)>& work) {
  const int port = test::free_tcp_port();
  std::vector<std::thread> threads;
  std::vector<std::string> errors(2);
  for (int rank = 0; rank < 2; ++rank)
    threads.emplace_back([&, rank] {
      try {
        RankInfo info;
        info.rank = rank;
        info.world_size = 2;
        info.master_port = port;
        info.timeout = std::chrono::seconds(20);
        DistributedContext dist(info);
        work(dist);
      } catch (const std::exception& e) {
        errors[rank] = e.what();
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
}

TEST(Distributed, AllreduceSumsAcrossBucketsAndDtypes) {
  on_two_ranks([](DistributedContext& dist) {
    const double r = dist.rank() + 1;                       // 1, 2
    torch::Tensor a = torch::full({2, 3}, r);               // float32 [2, 3]
    torch::Tensor big = torch::full({7 << 20}, r);          // 28 MB: a bucket of its own
    torch::Tensor d = torch::full({4}, r, torch::kDouble);  // [4]
    dist.allreduce_sum({a, big, d});
    EXPECT_TRUE(torch::equal(a, torch::full({2, 3}, 3.0)));
    EXPECT_EQ(big.min().item<float>(), 3);
    EXPECT_EQ(big.max().item<float>(), 3);
    EXPECT_TRUE(torch::equal(d, torch::full({4}, 3.0, torch::kDouble)));
  });
}

TEST(Distributed, BroadcastGatherAndAny) {
  on_two_ranks([](DistributedContext& dist) {
    torch::Tensor t = torch::arange(5, torch::kFloat) * (dist.rank() + 1);  // [5]
    dist.broadcast({t});
    EXPECT_TRUE(torch::equal(t, torch::arange(5, torch::kFloat)));
    EXPECT_EQ(dist.broadcast_string(dist.is_main() ? "from zero" : "ignored"), "from zero");
    EXPECT_EQ(dist.broadcast_string(""), "");
    const auto gathered = dist.gather_strings(dist.is_main() ? "" : "rank one\nsays hi");
    if (dist.is_main()) {
      EXPECT_EQ(gathered, (std::vector<std::string>{"", "rank one\nsays hi"}));
    } else {
      EXPECT_TRUE(gathered.empty());
    }
    EXPECT_TRUE(dist.any(dist.rank() == 1));
    EXPECT_FALSE(dist.any(false));
    dist.barrier();
  });
}

TEST(Distributed, OneProcessNeedsNoRendezvous) {
  DistributedContext& dist = DistributedContext::single_process();
  EXPECT_FALSE(dist.distributed());
  EXPECT_TRUE(dist.is_main());
  torch::Tensor t = torch::ones({3});
  dist.allreduce_sum({t});
  EXPECT_TRUE(torch::equal(t, torch::ones({3})));
  EXPECT_EQ(dist.gather_strings("x"), std::vector<std::string>{"x"});
}

// Sets environment variables for one test and restores them after.
class ScopedEnv {
 public:
  ScopedEnv(std::initializer_list<std::pair<const char*, const char*>> values) {
    for (const auto& [name, value] : values) {
      const char* old = std::getenv(name);
      saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
      ::setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) {
      if (value)
        ::setenv(name.c_str(), value->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST(RankInfo, TorchrunEnvironmentWithFlagsOverriding) {
  ScopedEnv env({{"RANK", "3"},
                 {"WORLD_SIZE", "4"},
                 {"LOCAL_RANK", "1"},
                 {"MASTER_ADDR", "node7"},
                 {"MASTER_PORT", "29600"}});
  RankInfo info = resolve_rank_info({});
  EXPECT_EQ(info.rank, 3);
  EXPECT_EQ(info.world_size, 4);
  EXPECT_EQ(info.local_rank, 1);
  EXPECT_EQ(info.master_addr, "node7");
  EXPECT_EQ(info.master_port, 29600);
  DistributedOptions flags;
  flags.rank = 0;
  flags.master_port = 1234;
  flags.timeout_s = 2.5;
  info = resolve_rank_info(flags);
  EXPECT_EQ(info.rank, 0);
  EXPECT_EQ(info.master_port, 1234);
  EXPECT_EQ(info.timeout.count(), 2500);
}

TEST(RankInfo, BadValuesAreInputErrors) {
  {
    ScopedEnv env({{"WORLD_SIZE", "two"}});
    EXPECT_THROW(resolve_rank_info({}), InputError);
  }
  {
    ScopedEnv env({{"RANK", "2"}, {"WORLD_SIZE", "2"}});
    EXPECT_THROW(resolve_rank_info({}), InputError);
  }
  DistributedOptions flags;
  flags.world_size = 1;
  flags.rank = 0;
  flags.timeout_s = 0;
  EXPECT_THROW(resolve_rank_info(flags), InputError);
}

}  // namespace
}  // namespace mcplm
