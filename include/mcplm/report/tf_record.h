// TFRecord framing, the container of TensorBoard's event files: each record
// is its data's length (uint64, little-endian), the masked CRC32C of those 8
// bytes, the data, and the masked CRC32C of the data.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mcplm {

// CRC32C (Castagnoli), e.g. 0xe3069283 for "123456789".
uint32_t crc32c(std::string_view bytes);
// TensorFlow's mask: ((crc >> 15) | (crc << 17)) + 0xa282ead8, of crc32c(bytes).
uint32_t masked_crc32c(std::string_view bytes);

// One framed record of `data`.
std::string tf_record(std::string_view data);

// The data of the records of `bytes`, in order, up to the first one that is
// cut short (a writer killed mid-record) or whose checksums do not match.
std::vector<std::string> read_tf_records(std::string_view bytes);

}  // namespace mcplm
