// TensorBoard event files: scalars written as TensorFlow's `Event` protocol
// buffers in TFRecord framing (report/tf_record.h), one file per run, which
// `tensorboard --logdir` reads (it merges the files of one folder).
#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace mcplm {

// Where a run writes its event files, under its output directory.
inline constexpr const char* kTensorBoardDir = "tb";

struct Scalar {
  std::string tag;  // e.g. "train/loss"; TensorBoard groups charts by the part before '/'
  float value = 0;
};

// Whether this mcplm writes event files (built with MCPLM_TENSORBOARD,
// cmake/dependencies.cmake): what --tensorboard defaults to.
bool tensorboard_built();

class EventFileWriter {
 public:
  // Creates `dir` and a new file events.out.tfevents.<unix seconds>.<host
  // name> in it (".1", ".2", ... appended when that name is taken: a run
  // resumed within the same second), starting with the file-version event.
  // std::runtime_error naming the file when it cannot be created; an
  // InputError in a build without event files (tensorboard_built()).
  explicit EventFileWriter(const std::filesystem::path& dir);

  // One event at `step` holding `scalars`, flushed at once, so that a
  // killed run keeps what it wrote. Nothing for no scalars.
  void write_scalars(int64_t step, const std::vector<Scalar>& scalars);

  // A run resumed from `step`: the folder's other event files (the earlier
  // run's) keep only their events up to `step`, each rewritten atomically,
  // so that the steps the resumed run writes again are not there twice. A
  // last record cut short by a kill goes too.
  void keep_earlier_files_through(int64_t step);

  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path dir_, file_;
  std::ofstream out_;
};

}  // namespace mcplm
