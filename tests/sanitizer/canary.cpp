// Planted errors that the sanitizer build must report (ctest
// sanitizer_canary.*): proof that ASan and UBSan are live in the binaries
// scripts/sanitize.sh tests, and that their reports reach the test output.
#include <climits>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  volatile int past_the_end = 4;
  if (std::strcmp(argv[1], "heap-overflow") == 0) {
    std::vector<int> four(4);
    return four.data()[past_the_end];
  }
  if (std::strcmp(argv[1], "signed-overflow") == 0) {
    volatile int largest = INT_MAX;
    return largest + past_the_end;
  }
  return 2;
}
