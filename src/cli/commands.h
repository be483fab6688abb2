// Each subcommand adds itself to the app; its callback parses flags into an
// options struct and calls one library function.
#pragma once
#include <CLI/CLI.hpp>

namespace mcplm::cli {

void add_bench_command(CLI::App& app);
void add_bench_model_command(CLI::App& bench);  // model, train, eval
void add_bench_interpolate_command(CLI::App& bench);
void add_curve_command(CLI::App& app);
void add_data_command(CLI::App& app);
void add_dist_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_forward_command(CLI::App& app);
void add_init_command(CLI::App& app);
void add_interpolate_command(CLI::App& app);
void add_plane_command(CLI::App& app);
void add_tokenize_command(CLI::App& app);
void add_tune_commands(CLI::App& app);  // tune, split-tune, cartography
void add_weight_find_command(CLI::App& app);
CLI::App* add_cartography_analyze_command(CLI::App& cartography);

}  // namespace mcplm::cli
