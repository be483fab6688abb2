#include <iostream>

#include "commands.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/train/forgetting_report.h"

namespace mcplm::cli {

CLI::App* add_cartography_analyze_command(CLI::App& cartography) {
  struct Flags {
    std::string cartography, analysis, output;
  };
  auto f = std::make_shared<Flags>();
  auto* cmd = cartography.add_subcommand(
      "analyze",
      "join cartography.json with the forgetting lists of `interpolate --on-train` (the "
      "original's process_cartography.py)");
  cmd->add_option("--cartography,--cartography-path", f->cartography,
                  "cartography.json of a `cartography` run")
      ->required();
  cmd->add_option("--analysis,--analysis-path", f->analysis,
                  "valid_data_analysis.json of `interpolate --on-train`")
      ->required();
  cmd->add_option("--output,--save-path", f->output, "the report to write")->required();
  cmd->callback([f] {
    const std::string report = forgetting_report(f->cartography, f->analysis);
    write_text_atomically(f->output, report);
    std::cout << report;
  });
  return cmd;
}

}  // namespace mcplm::cli
