#include "config_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <sstream>

#include "mcplm/config/original_json_config.h"
#include "mcplm/core/error.h"
#include "mcplm/core/spelling.h"

namespace mcplm::cli {

namespace {

// 1-based line where `key` is assigned in a TOML/INI text (0: not found).
std::size_t toml_line(const std::string& text, const std::string& key) {
  std::istringstream lines(text);
  std::size_t number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    std::size_t at = line.find_first_not_of(" \t\"");
    if (at == std::string::npos || line.compare(at, key.size(), key) != 0) continue;
    at = line.find_first_not_of(" \t\"", at + key.size());
    if (at != std::string::npos && (line[at] == '=' || line[at] == ':')) return number;
  }
  return 0;
}

std::vector<std::string> option_names(const CLI::App* command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command->get_options())
    for (const std::string& name : option->get_lnames()) names.push_back(name);
  return names;
}

}  // namespace

CommandConfig::CommandConfig(const CLI::App* command, std::string file)
    : command_(command), file_(std::move(file)) {}

std::string CommandConfig::to_config(const CLI::App* app, bool default_also, bool write_description,
                                     std::string prefix) const {
  return CLI::ConfigTOML().to_config(app, default_also, write_description, std::move(prefix));
}

std::vector<CLI::ConfigItem> CommandConfig::from_config(std::istream& input) const {
  const std::string text(std::istreambuf_iterator<char>(input), {});
  const auto first = text.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  if (first != std::string::npos && text[first] == '{') return from_original_json(text);
  return from_toml(text);
}

bool CommandConfig::has_option(const std::string& name) const {
  const auto names = option_names(command_);
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<CLI::ConfigItem> CommandConfig::from_toml(const std::string& text) const {
  std::istringstream in(text);
  std::vector<CLI::ConfigItem> items = CLI::ConfigTOML().from_config(in);
  const std::string command = command_->get_name();
  std::vector<CLI::ConfigItem> out;
  for (CLI::ConfigItem& item : items) {
    if (item.name == "++" || item.name == "--") continue;  // section marks: the command runs anyway
    if (item.parents.empty()) item.parents = {command};    // bare keys configure the command
    if (item.parents != std::vector<std::string>{command}) continue;  // another command's section
    if (!has_option(item.name)) {
      const auto nearest = nearest_name(item.name, option_names(command_));
      throw InputError(file_, toml_line(text, item.name),
                       fmt::format("'{}' is not an option of mcplm {}{}", item.name, command,
                                   nearest ? fmt::format(" (did you mean '{}'?)", *nearest) : ""));
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<CLI::ConfigItem> CommandConfig::from_original_json(const std::string& text) const {
  std::vector<CLI::ConfigItem> out;
  for (const ConfigOption& option : original_json_config(text, file_))
    if (has_option(option.name))
      out.push_back(CLI::ConfigItem{{command_->get_name()}, option.name, option.values});
  return out;
}

bool has_own_config_flag(const CLI::App* command) {
  if (command->get_option_no_throw("--config")) return true;
  for (const CLI::App* sub : command->get_subcommands([](const CLI::App*) { return true; }))
    if (has_own_config_flag(sub)) return true;
  return false;
}

std::pair<std::vector<std::string>, std::string> hoist_config_flag(std::vector<std::string> args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string file;
    if (args[i] == "--config" && i + 1 < args.size()) {
      file = args[i + 1];
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                 args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
    } else if (args[i].rfind("--config=", 0) == 0) {
      file = args[i].substr(9);
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      continue;
    }
    args.insert(args.begin(), {"--config", file});
    return {args, file};
  }
  return {args, ""};
}

}  // namespace mcplm::cli
