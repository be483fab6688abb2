#include <c10/util/Exception.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <new>
#include <string>
#include <tuple>
#include <vector>

#include "commands.h"
#include "config_file.h"
#include "mcplm/core/error.h"
#include "mcplm/core/interrupt.h"
#include "mcplm/config/original_flags.h"
#include "mcplm/core/runtime.h"
#include "mcplm/core/spelling.h"

namespace {
// Thrown once --check-args has seen a valid command line: ends the parse
// before any command runs.
struct ArgsChecked {};

// Words of the command line that are not flags or their values: the command
// and its subcommands. Only the global options take a value before a command.
std::string first_command_word(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--threads" || args[i] == "--torch-threads" || args[i] == "--config") {
      ++i;
      continue;
    }
    if (args[i].rfind("-", 0) != 0) return args[i];
  }
  return "";
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

// "did you mean …?" for a mistyped command, or "" when nothing is close.
std::string command_suggestion(const CLI::App& app, const std::string& word) {
  auto nearest = mcplm::nearest_name(word, command_names(app));
  return nearest ? fmt::format("; did you mean '{}'?", *nearest) : "";
}

// The deepest subcommand the parse selected (the one whose flags were meant).
CLI::App* selected_command(CLI::App& app) {
  CLI::App* at = &app;
  for (bool deeper = true; deeper;) {
    deeper = false;
    for (CLI::App* sub : at->get_subcommands())
      if (sub->parsed()) at = sub, deeper = true;
  }
  return at;
}

// The flags `command` and the commands above it accept, as typed (--name).
std::vector<std::string> flag_names(const CLI::App* command) {
  std::vector<std::string> names;
  for (const CLI::App* at = command; at; at = at->get_parent())
    for (const CLI::Option* option : at->get_options())
      for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  return names;
}

// One line naming the words not understood, with the nearest flag for each.
std::string unexpected_words(CLI::App& app, const CLI::ExtrasError& e) {
  CLI::App* command = selected_command(app);
  std::vector<std::string> words = command->remaining();
  if (words.empty()) return e.what();
  std::string text;
  for (const std::string& word : words) {
    std::string hint;
    if (word.rfind("--", 0) == 0) {
      const std::string name = word.substr(0, word.find('='));
      if (auto nearest = mcplm::nearest_name(name, flag_names(command)))
        hint = fmt::format(" (did you mean {}?)", *nearest);
    } else if (command == &app) {
      hint = command_suggestion(app, word);
    }
    text += fmt::format("{}'{}'{}", text.empty() ? "" : ", ", word, hint);
  }
  const std::string where = command == &app ? "mcplm" : "mcplm " + command->get_name();
  return fmt::format("{} does not take {} (`{} --help` lists what it takes)", where, text, where);
}

// "PATH: cannot create directories: Permission denied" from libstdc++'s
// "filesystem error: cannot create directories: Permission denied [PATH]".
std::string filesystem_message(const std::filesystem::filesystem_error& e) {
  std::string what = e.what();
  const std::string prefix = "filesystem error: ";
  if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
  if (const auto bracket = what.find(" ["); bracket != std::string::npos) what.erase(bracket);
  return e.path1().empty() ? what : e.path1().string() + ": " + what;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mcplm: mode connectivity of pre-trained language models"};
  app.set_version_flag("--version", "mcplm 0.1.0");
  app.require_subcommand(1);
  int threads = 0, torch_threads = 0;
  app.add_option("--threads", threads,
                 "threads for matrix products, OpenBLAS's pool (0 = one per core)")
      ->envname("MCPLM_THREADS");
  app.add_option("--torch-threads", torch_threads,
                 "LibTorch intra-op threads for element-wise work (0 = 1: measured fastest next "
                 "to a BLAS thread per core)")
      ->envname("MCPLM_TORCH_THREADS");
  app.set_config("--config", "",
                 "read the command's options from FILE (before or after the command; the "
                 "command line wins): TOML/INI keys named as the flags (lr = 0.01, "
                 "train-iters = 150, do-valid = true), or an original RoBERTa JSON config "
                 "(README: keys of the RoBERTa JSON configs)");
  std::string command;  // the first command word, set below
  bool check_args = false;
  app.add_flag("--check-args", check_args,
               "parse and validate the command line, then exit 0 without running it");
  // Runs after every flag is parsed and validated (subcommands' own checks
  // included, see interpolate) and before any subcommand's callback.
  app.parse_complete_callback([&] {
    if (check_args) throw ArgsChecked{};
    mcplm::configure_threads(threads, torch_threads);
    // A benchmark has nothing to save: Ctrl-C and SIGTERM end it at once.
    if (command != "bench") mcplm::install_interrupt_handler();
    if (auto warning = mcplm::blas_warning(); !warning.empty())
      fmt::print(stderr, "mcplm: warning: {}\n", warning);
  });

  mcplm::cli::add_init_command(app);
  mcplm::cli::add_export_command(app);
  mcplm::cli::add_tune_commands(app);
  mcplm::cli::add_interpolate_command(app);
  mcplm::cli::add_curve_command(app);
  mcplm::cli::add_plane_command(app);
  mcplm::cli::add_weight_find_command(app);
  mcplm::cli::add_data_command(app);
  mcplm::cli::add_dist_command(app);
  mcplm::cli::add_forward_command(app);
  mcplm::cli::add_tokenize_command(app);
  mcplm::cli::add_bench_command(app);

  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cout << app.help();
    return 0;
  }
  command = first_command_word(args);
  const std::vector<std::string> names = command_names(app);
  if (!command.empty() && std::find(names.begin(), names.end(), command) == names.end()) {
    fmt::print(stderr, "mcplm: error: '{}' is not an mcplm command{} (`mcplm --help` lists them)\n",
               command, command_suggestion(app, command));
    return 2;
  }
  args = mcplm::translate_original_flags(args, command);
  if (!command.empty() && !mcplm::cli::has_own_config_flag(app.get_subcommand(command))) {
    std::string config_file;
    std::tie(args, config_file) = mcplm::cli::hoist_config_flag(std::move(args));
    if (!config_file.empty())
      app.config_formatter(
          std::make_shared<mcplm::cli::CommandConfig>(app.get_subcommand(command), config_file));
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes the words last first

  try {
    app.parse(args);
  } catch (const ArgsChecked&) {
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ExtrasError& e) {
    fmt::print(stderr, "mcplm: error: {}\n", unexpected_words(app, e));
    return 2;
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "mcplm: error: {}\n", e.what());
    return 2;
  } catch (const mcplm::Interrupted&) {
    fmt::print(stderr, "mcplm: interrupted\n");
    return 130;
  } catch (const mcplm::InputError& e) {
    fmt::print(stderr, "mcplm: error: {}\n", e.what());
    return 2;
  } catch (const std::filesystem::filesystem_error& e) {
    fmt::print(stderr, "mcplm: error: {}\n", filesystem_message(e));
    return 1;
  } catch (const c10::Error& e) {
    // LibTorch's check failed: its message's first line, without the C++ stack.
    const std::string what = e.what_without_backtrace();
    fmt::print(stderr, "mcplm: error: {}\n", what.substr(0, what.find('\n')));
    return 1;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "mcplm: error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "mcplm: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
