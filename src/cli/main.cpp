#include <c10/util/Exception.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <new>

#include "commands.h"
#include "mcplm/core/error.h"
#include "mcplm/core/interrupt.h"
#include "mcplm/core/runtime.h"

namespace {
// Thrown once --check-args has seen a valid command line: ends the parse
// before any command runs.
struct ArgsChecked {};

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
  bool check_args = false;
  app.add_flag("--check-args", check_args,
               "parse and validate the command line, then exit 0 without running it");
  // Runs after every flag is parsed and validated (subcommands' own checks
  // included, see interpolate) and before any subcommand's callback.
  app.parse_complete_callback([&] {
    if (check_args) throw ArgsChecked{};
    mcplm::configure_threads(threads, torch_threads);
    mcplm::install_interrupt_handler();
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

  try {
    app.parse(argc, argv);
  } catch (const ArgsChecked&) {
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
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
