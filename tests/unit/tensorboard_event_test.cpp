// TensorBoard event files: the TFRecord framing, the writer read back with the
// protobuf runtime, and a resumed run's trimming.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "mcplm/report/event_file.h"
#include "mcplm/report/tf_record.h"
#include "tensorboard_reader.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

TEST(TensorBoardEvents, Crc32cAndTheFramingMatchTensorFlows) {
  EXPECT_EQ(crc32c("123456789"), 0xe3069283u);  // the CRC-32C check value
  EXPECT_EQ(crc32c(""), 0u);
  const std::string record = tf_record("hello");
  ASSERT_EQ(record.size(), 8u + 4u + 5u + 4u);
  EXPECT_EQ(test::little_endian_at(record, 0, 8), 5u);
  EXPECT_EQ(test::little_endian_at(record, 8, 4), test::tf_masked_crc(record, 0, 8));
  EXPECT_EQ(record.substr(12, 5), "hello");
  EXPECT_EQ(test::little_endian_at(record, 17, 4), test::tf_masked_crc(record, 12, 5));

  // Read back up to a record cut short or damaged.
  const std::string two = tf_record("a") + tf_record("bc");
  EXPECT_EQ(read_tf_records(two), (std::vector<std::string>{"a", "bc"}));
  EXPECT_EQ(read_tf_records(two.substr(0, two.size() - 1)), std::vector<std::string>{"a"});
  std::string damaged = two;
  damaged[damaged.size() - 6] ^= 1;  // a byte of "bc"
  EXPECT_EQ(read_tf_records(damaged), std::vector<std::string>{"a"});
}

TEST(TensorBoardEvents, WriterFilesReadBackWithTheProtobufRuntime) {
  const fs::path dir = test::temp_dir("tb-writer") / "tb";
  {
    EventFileWriter writer(dir);
    writer.write_scalars(3, {{"train/loss", 0.25f}, {"dev/ACC", 0.0f}});
    writer.write_scalars(4, {});  // no event
    writer.write_scalars(7, {{"train/loss", -1.5f}});
    // Written and flushed as it goes: readable while the writer is open.
    EXPECT_EQ(test::read_event_file(writer.file()).size(), 3u);
  }
  const auto files = test::event_files(dir);
  ASSERT_EQ(files.size(), 1u);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string name = files[0].filename().string();
  EXPECT_EQ(name.rfind("events.out.tfevents.", 0), 0u) << name;
  EXPECT_EQ(name.substr(name.size() - std::string(host).size() - 1), "." + std::string(host));
  const test::Scalars s = test::read_scalars(dir);
  // A zero is written too (simple_value sits in a oneof, as TensorFlow's).
  EXPECT_EQ(s,
            (test::Scalars{
                {{"train/loss", 3}, 0.25f}, {{"dev/ACC", 3}, 0.0f}, {{"train/loss", 7}, -1.5f}}));
}

TEST(TensorBoardEvents, EventsUseTensorFlowsFieldNumbers) {
  // The wire bytes, spelled out from tensorflow/core/util/event.proto and
  // framework/summary.proto rather than from our .proto: a key byte is
  // field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited,
  // 5 fixed32).
  const fs::path dir = test::temp_dir("tb-wire") / "tb";
  EventFileWriter writer(dir);
  writer.write_scalars(300, {{"a/b", 0.5f}});
  const std::string bytes = test::read_text(writer.file());
  const std::string header = bytes.substr(12, test::little_endian_at(bytes, 0, 8));
  ASSERT_EQ(header.size(), 1u + 8u + 2u + 13u);
  EXPECT_EQ(header[0], '\x09');                // wall_time = 1, double
  EXPECT_EQ(header.substr(9, 2), "\x1a\x0d");  // file_version = 3, 13 bytes
  EXPECT_EQ(header.substr(11), "brain.Event:2");
  const std::size_t second = 16 + header.size();
  const std::string event = bytes.substr(second + 12, test::little_endian_at(bytes, second, 8));
  EXPECT_EQ(event[0], '\x09');                    // wall_time
  EXPECT_EQ(event.substr(9, 3), "\x10\xac\x02");  // step = 2, varint 300
  // summary = 5 { value = 1 { tag = 1 "a/b", simple_value = 2 (fixed32) 0.5 } }
  EXPECT_EQ(event.substr(12), std::string("\x2a\x0c\x0a\x0a\x0a\x03"
                                          "a/b"
                                          "\x15\x00\x00\x00\x3f",
                                          14));
}

TEST(TensorBoardEvents, AResumedRunTrimsTheEarlierFilesToItsResumePoint) {
  const fs::path dir = test::temp_dir("tb-resume") / "tb";
  fs::path earlier;
  {
    EventFileWriter killed(dir);
    for (int step = 1; step <= 5; ++step) killed.write_scalars(step, {{"train/loss", 1.0f * step}});
    earlier = killed.file();
  }
  std::ofstream(earlier, std::ios::app | std::ios::binary) << tf_record("cut").substr(0, 7);
  EventFileWriter resumed(dir);
  EXPECT_NE(resumed.file(), earlier);  // a new file, even within the same second
  resumed.keep_earlier_files_through(3);
  resumed.write_scalars(4, {{"train/loss", 40.0f}});
  EXPECT_EQ(test::read_scalars(dir), (test::Scalars{{{"train/loss", 1}, 1.0f},
                                                    {{"train/loss", 2}, 2.0f},
                                                    {{"train/loss", 3}, 3.0f},
                                                    {{"train/loss", 4}, 40.0f}}));
}
