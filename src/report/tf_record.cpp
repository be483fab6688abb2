#include "mcplm/report/tf_record.h"

#include <isa-l/crc.h>

#include <algorithm>
#include <climits>

namespace mcplm {

namespace {

std::string little_endian(uint64_t value, int bytes) {
  std::string out(bytes, '\0');
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

uint64_t read_little_endian(std::string_view bytes) {
  uint64_t value = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    value |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
  return value;
}

}  // namespace

uint32_t crc32c(std::string_view bytes) {
  // ISA-L's crc32_iscsi neither inverts its input nor its output (so calls
  // chain), and takes an int length: the standard CRC32C is the inverse of
  // the chain started from all ones.
  uint32_t crc = 0xffffffffu;
  auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data()));
  for (std::size_t done = 0; done < bytes.size();) {
    const int chunk = static_cast<int>(std::min<std::size_t>(bytes.size() - done, INT_MAX));
    crc = crc32_iscsi(data + done, chunk, crc);
    done += static_cast<std::size_t>(chunk);
  }
  return ~crc;
}

uint32_t masked_crc32c(std::string_view bytes) {
  const uint32_t crc = crc32c(bytes);
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

std::string tf_record(std::string_view data) {
  const std::string length = little_endian(data.size(), 8);
  std::string record = length;
  record += little_endian(masked_crc32c(length), 4);
  record += data;
  record += little_endian(masked_crc32c(data), 4);
  return record;
}

std::vector<std::string> read_tf_records(std::string_view bytes) {
  std::vector<std::string> records;
  while (bytes.size() >= 16) {  // a record of no data takes 16 bytes
    const std::string_view length = bytes.substr(0, 8);
    if (read_little_endian(bytes.substr(8, 4)) != masked_crc32c(length)) break;
    const uint64_t size = read_little_endian(length);
    if (size > bytes.size() - 16) break;
    const std::string_view data = bytes.substr(12, size);
    if (read_little_endian(bytes.substr(12 + size, 4)) != masked_crc32c(data)) break;
    records.emplace_back(data);
    bytes.remove_prefix(16 + size);
  }
  return records;
}

}  // namespace mcplm
