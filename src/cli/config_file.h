// `--config FILE`: a command's options read from a file, through CLI11's
// own config support (options given on the command line win over the file).
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

namespace mcplm::cli {

// The formats --config reads: TOML/INI (CLI11's: `lr = 0.01`,
// `train-iters = 150`, `do-valid = true`; bare keys are the command's
// options, [command] sections name it), or an original RoBERTa JSON config
// (first character `{`; config/original_json_config.h), whose keys for
// other stages of the original's pipeline (a tuning config's learning rate
// given to interpolate) are left out. A key that is no option of the command
// is an InputError naming the file and line.
class CommandConfig : public CLI::Config {
 public:
  // `command`: the subcommand the file configures; `file`: its path, for
  // messages.
  CommandConfig(const CLI::App* command, std::string file);

  std::string to_config(const CLI::App* app, bool default_also, bool write_description,
                        std::string prefix) const override;
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;

 private:
  std::vector<CLI::ConfigItem> from_toml(const std::string& text) const;
  std::vector<CLI::ConfigItem> from_original_json(const std::string& text) const;
  bool has_option(const std::string& name) const;

  const CLI::App* command_;
  std::string file_;
};

// Whether `command` or one of its subcommands has a --config of its own (a
// model shape for init and bench), which --config FILE then leaves alone.
bool has_own_config_flag(const CLI::App* command);

// `args` (the words after the program name) with `--config FILE` (or
// `--config=FILE`) moved before the command, where CLI11 reads it, and the
// file's path; `args` unchanged and "" without one.
std::pair<std::vector<std::string>, std::string> hoist_config_flag(std::vector<std::string> args);

}  // namespace mcplm::cli
