#include <fmt/format.h>

#include "commands.h"
#include "mcplm/data/data_check.h"
#include "mcplm/text/tokenizer.h"

namespace mcplm::cli {

void add_data_command(CLI::App& app) {
  auto* data = app.add_subcommand("data", "inspect task data");
  data->require_subcommand(1);

  struct Options {
    std::string dir, model;
    DataCheckOptions check;
  };
  auto opts = std::make_shared<Options>();
  auto* check = data->add_subcommand(
      "check",
      "load a task directory ({task}_train/dev/test.tsv) and print counts, labels, lengths and "
      "the metric; exit 2 naming file:line at the first bad line");
  check->add_option("dir", opts->dir, "task directory, named after the task")->required();
  check->add_option("--metric", opts->check.task.metric,
                    "metric, overriding the task's entry in metrics.json");
  check
      ->add_option("--split", opts->check.task.split,
                   "keep the first (1) or second (2) half of train")
      ->check(CLI::IsMember({1, 2}));
  check->add_flag("--choose-dev-1000", opts->check.task.choose_dev_1000, "first 1000 dev lines");
  check->add_flag("--choose-test-1000", opts->check.task.choose_test_1000, "first 1000 test lines");
  check->add_flag("--on-train", opts->check.task.on_train, "read the train file as dev");
  check->add_flag("--do-lowercase", opts->check.format.do_lowercase,
                  "lowercase inputs and targets");
  check->add_flag("--append-another-bos", opts->check.format.append_another_bos,
                  "prefix \"<s> \" to inputs and targets");
  check->add_option("--model,--tokenizer", opts->model,
                    "model or tokenizer directory: lengths in tokens and truncation counts");
  check->add_option("--max-input-length", opts->check.max_input_length, "T5 input truncation")
      ->capture_default_str();
  check->add_option("--max-output-length", opts->check.max_output_length, "T5 target truncation")
      ->capture_default_str();
  check->callback([opts] {
    std::unique_ptr<Tokenizer> tokenizer;
    if (!opts->model.empty()) tokenizer = load_tokenizer(opts->model);
    opts->check.tokenizer = tokenizer.get();
    DataCheckReport report = check_task_data(opts->dir, opts->check);
    fmt::print("{}", format_data_check(report));
  });
}

}  // namespace mcplm::cli
