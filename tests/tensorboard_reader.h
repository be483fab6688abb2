// Reads TensorBoard event files back for the tests, independently of
// report/tf_record: every record's framing is checked with CRCs computed here
// from ISA-L, and its data parsed with the protobuf runtime.
#pragma once
#include <gtest/gtest.h>
#include <isa-l/crc.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "tensorboard_event.pb.h"
#include "test_util.h"

namespace mcplm::test {

// TFRecord's checksum: CRC32C (crc32_iscsi chained from all ones, inverted),
// rotated right by 15 bits, plus a constant.
inline uint32_t tf_masked_crc(const std::string& bytes, std::size_t offset, std::size_t size) {
  auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data() + offset));
  const uint32_t crc = crc32_iscsi(data, static_cast<int>(size), 0xffffffffu) ^ 0xffffffffu;
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

inline uint64_t little_endian_at(const std::string& bytes, std::size_t offset, int size) {
  uint64_t v = 0;
  for (int i = 0; i < size; ++i)
    v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
  return v;
}

// The events of `file`; a framing error fails the test, naming the record.
inline std::vector<tensorboard::Event> read_event_file(const std::filesystem::path& file) {
  const std::string bytes = read_text(file);
  std::vector<tensorboard::Event> events;
  std::size_t at = 0;
  while (at < bytes.size()) {
    const std::string where = file.string() + ", record " + std::to_string(events.size());
    if (bytes.size() - at < 16) {
      ADD_FAILURE() << where << ": " << bytes.size() - at << " bytes left, a record takes 16+";
      break;
    }
    const uint64_t length = little_endian_at(bytes, at, 8);
    EXPECT_EQ(little_endian_at(bytes, at + 8, 4), tf_masked_crc(bytes, at, 8)) << where;
    if (length > bytes.size() - at - 16) {
      ADD_FAILURE() << where << ": length " << length << " runs past the end";
      break;
    }
    EXPECT_EQ(little_endian_at(bytes, at + 12 + length, 4), tf_masked_crc(bytes, at + 12, length))
        << where;
    tensorboard::Event event;
    EXPECT_TRUE(event.ParseFromString(bytes.substr(at + 12, length))) << where;
    events.push_back(event);
    at += 16 + length;
  }
  return events;
}

// The event files of `dir`, in name order (the order TensorBoard reads them).
inline std::vector<std::filesystem::path> event_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(dir))
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// (tag, step) -> value over the event files of `dir`; each file must start
// with the file-version event, and no (tag, step) may come twice.
using Scalars = std::map<std::pair<std::string, int64_t>, float>;
inline Scalars read_scalars(const std::filesystem::path& dir) {
  Scalars scalars;
  for (const auto& file : event_files(dir)) {
    EXPECT_NE(file.filename().string().rfind("events.out.tfevents.", 0), std::string::npos) << file;
    const std::vector<tensorboard::Event> events = read_event_file(file);
    EXPECT_FALSE(events.empty()) << file;
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (i == 0) {
        EXPECT_EQ(events[i].file_version(), "brain.Event:2") << file;
        continue;
      }
      EXPECT_TRUE(events[i].has_summary()) << file << ", event " << i;
      EXPECT_GT(events[i].wall_time(), 1.6e9) << file << ", event " << i;
      for (const auto& v : events[i].summary().value()) {
        EXPECT_EQ(v.value_case(), tensorboard::Summary::Value::kSimpleValue) << v.tag();
        const bool fresh =
            scalars.emplace(std::pair{v.tag(), events[i].step()}, v.simple_value()).second;
        EXPECT_TRUE(fresh) << v.tag() << " at step " << events[i].step() << " twice";
      }
    }
  }
  return scalars;
}

}  // namespace mcplm::test
