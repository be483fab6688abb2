#include "mcplm/connect/path_end_labels.h"

#include <fmt/format.h>

#include <vector>

namespace mcplm {

namespace fs = std::filesystem;

namespace {

std::string value_of(const Metadata& meta, const std::string& key) {
  const auto it = meta.find(key);
  return it == meta.end() ? "" : it->second;
}

// A file's or a directory's name ("dir/" names dir).
std::string name_of(const fs::path& path) {
  fs::path p = path.lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  return p.filename().string();
}

// The last folder of `path` that differs from `other`'s at the same depth
// from the end; the file name when none does.
std::string distinguishing_name(const fs::path& path, const fs::path& other) {
  const fs::path a = fs::absolute(path).lexically_normal();
  const fs::path b = fs::absolute(other).lexically_normal();
  std::vector<std::string> ours(a.begin(), a.end()), theirs(b.begin(), b.end());
  for (std::size_t k = 1; k < ours.size() && k < theirs.size(); ++k) {
    const std::string& mine = ours[ours.size() - 1 - k];
    if (mine != theirs[theirs.size() - 1 - k]) return mine;
  }
  return name_of(path);
}

std::string from_metadata(const Metadata& meta, bool with_task) {
  std::vector<std::string> parts;
  if (with_task && !value_of(meta, "task").empty()) parts.push_back(value_of(meta, "task"));
  if (!value_of(meta, "seed").empty()) parts.push_back("seed " + value_of(meta, "seed"));
  if (!value_of(meta, "updates").empty()) parts.push_back("update " + value_of(meta, "updates"));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::array<std::string, 2> end_labels(const Metadata& meta1, const fs::path& path1,
                                      const Metadata& meta2, const fs::path& path2) {
  const std::string task1 = value_of(meta1, "task"), task2 = value_of(meta2, "task");
  const bool tasks_differ = !task1.empty() && !task2.empty() && task1 != task2;
  const bool same_name = name_of(path1) == name_of(path2);
  auto label = [&](const Metadata& meta, const fs::path& path, const fs::path& other) {
    if (value_of(meta, "seed").empty() && value_of(meta, "updates").empty())
      return same_name ? distinguishing_name(path, other) : name_of(path);
    return from_metadata(meta, tasks_differ);
  };
  return {label(meta1, path1, path2), label(meta2, path2, path1)};
}

}  // namespace mcplm
