// Files are written to a temporary sibling and renamed into place, so an
// interrupted run never leaves a half-written output.
#pragma once
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace mcplm {

// Calls `write` with a stream on `path`.tmp.<pid>, flushes, then renames over
// `path`. Throws std::runtime_error naming the file when writing fails.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write);
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

// Whole file as bytes; InputError naming the file when it cannot be read.
std::string read_file_bytes(const std::filesystem::path& path);

// InputError naming `path` unless it is a regular file (or a link to one):
// "no such file", "is a directory, not a file", "is not a regular file (a
// FIFO, socket or device)". Call before opening a file that is read whole,
// so that a FIFO does not block and a directory is not read as empty.
void require_regular_file(const std::filesystem::path& path);

}  // namespace mcplm
