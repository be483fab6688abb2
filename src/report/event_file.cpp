#include "mcplm/report/event_file.h"

#include "mcplm/core/error.h"

#ifdef MCPLM_HAVE_TENSORBOARD
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <climits>

#include "mcplm/io/atomic_file.h"
#include "mcplm/report/tf_record.h"
#include "tensorboard_event.pb.h"
#endif

namespace mcplm {

namespace fs = std::filesystem;

#ifdef MCPLM_HAVE_TENSORBOARD

namespace {

// TensorFlow's name for the event format of this version; TensorBoard reads
// the files that start with it.
constexpr const char* kFileVersion = "brain.Event:2";

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

double seconds_since_epoch() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

fs::path unused_file_name(const fs::path& dir) {
  const std::string base = fmt::format("events.out.tfevents.{}.{}",
                                       static_cast<int64_t>(seconds_since_epoch()), host_name());
  fs::path file = dir / base;
  for (int n = 1; fs::exists(file); ++n) file = dir / fmt::format("{}.{}", base, n);
  return file;
}

bool is_event_file(const fs::directory_entry& entry) {
  // TensorBoard's own test: the name holds "tfevents".
  return entry.is_regular_file() &&
         entry.path().filename().string().find("tfevents") != std::string::npos;
}

}  // namespace

bool tensorboard_built() { return true; }

EventFileWriter::EventFileWriter(const fs::path& dir) : dir_(dir) {
  fs::create_directories(dir_);
  file_ = unused_file_name(dir_);
  out_.open(file_, std::ios::binary);
  if (!out_)
    throw std::runtime_error(
        format_location(file_.string(), 0, "cannot create the TensorBoard event file"));
  tensorboard::Event event;
  event.set_wall_time(seconds_since_epoch());
  event.set_file_version(kFileVersion);
  out_ << tf_record(event.SerializeAsString()) << std::flush;
}

void EventFileWriter::write_scalars(int64_t step, const std::vector<Scalar>& scalars) {
  if (scalars.empty()) return;
  tensorboard::Event event;
  event.set_wall_time(seconds_since_epoch());
  event.set_step(step);
  for (const Scalar& s : scalars) {
    tensorboard::Summary::Value* value = event.mutable_summary()->add_value();
    value->set_tag(s.tag);
    value->set_simple_value(s.value);
  }
  out_ << tf_record(event.SerializeAsString()) << std::flush;
}

void EventFileWriter::keep_earlier_files_through(int64_t step) {
  // Listed first: the rewrites below add and rename files in the folder.
  std::vector<fs::path> earlier;
  for (const auto& entry : fs::directory_iterator(dir_))
    if (is_event_file(entry) && entry.path() != file_) earlier.push_back(entry.path());
  for (const fs::path& file : earlier) {
    const std::string bytes = read_file_bytes(file);
    std::string kept;
    for (const std::string& data : read_tf_records(bytes)) {
      tensorboard::Event event;
      if (!event.ParseFromString(data)) break;
      if (event.step() <= step) kept += tf_record(data);
    }
    if (kept.size() != bytes.size()) write_text_atomically(file, kept);
  }
}

#else  // a build without protobuf: no writer is ever made, so only the constructor is reached

bool tensorboard_built() { return false; }

EventFileWriter::EventFileWriter(const fs::path& dir) : dir_(dir) {
  throw InputError(dir.string(), 0,
                   "this mcplm was built without TensorBoard event files (MCPLM_TENSORBOARD "
                   "off): drop --tensorboard");
}

void EventFileWriter::write_scalars(int64_t, const std::vector<Scalar>&) {}

void EventFileWriter::keep_earlier_files_through(int64_t) {}

#endif

}  // namespace mcplm
