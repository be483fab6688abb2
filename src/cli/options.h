// Flag groups shared by several subcommands, bound to the library's option
// structs. Flag names follow the original's (kebab-case).
#pragma once
#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "mcplm/core/distributed.h"
#include "mcplm/core/precision.h"
#include "mcplm/data/task.h"
#include "mcplm/eval/evaluator.h"
#include "mcplm/model/model_setup.h"
#include "mcplm/train/trainer.h"
#include "mcplm/train/update_rule.h"

namespace mcplm::cli {

// The names of a closed set of choices, each with its value.
template <typename Enum>
using Choices = std::vector<std::pair<std::string, Enum>>;

// An option whose value is one of `choices` (anything else: "FLAG: X not in
// {...}", exit 2), parsed into `value` here, once; its default is the name of
// `value`'s value when it has one. `Target` is the enum or an optional of it.
template <typename Target, typename Enum>
CLI::Option* add_choice(CLI::App* cmd, const std::string& flags, Target& value,
                        const Choices<Enum>& choices, const std::string& help) {
  std::vector<std::string> names;
  std::string current;
  for (const auto& [name, e] : choices) {
    names.push_back(name);
    if (value == e) current = name;
  }
  auto* option = cmd->add_option_function<std::string>(
      flags,
      [&value, choices](const std::string& text) {
        for (const auto& [name, e] : choices)
          if (name == text) value = e;
      },
      help);
  option->check(CLI::IsMember(names));
  if (!current.empty()) option->default_str(current);
  return option;
}

// --method model | adapter | lora.
const Choices<TuningMethod>& method_choices();
// --lora-alpha, and with `with_training` --lora-r and --lora-dropout.
void add_lora_options(CLI::App* cmd, LoraConfig& lora, bool with_training);
// --lora-space factors | merged.
void add_lora_space_option(CLI::App* cmd, LoraSpace& space);
// --allow-other-base: checkpoints whose recorded base is not --model run
// (train/checkpoint_io.h check_checkpoint_base).
void add_other_base_flag(CLI::App* cmd, ModelSetup& setup);

// --device cpu | cuda | cuda:N, checked as it is parsed (InputError, exit 2).
void add_device_option(CLI::App* cmd, c10::Device& device);
// --precision fp32 | tf32 | bf16.
void add_precision_option(CLI::App* cmd, Precision& precision);
// --model, --tokenizer, --max-input-length, --max-output-length,
// --do-lowercase, --append-another-bos, --roberta-max-length, --device,
// --precision.
void add_model_options(CLI::App* cmd, ModelSetup& setup, bool model_required = true);
// --metric, --choose-dev-1000, --choose-test-1000.
void add_task_options(CLI::App* cmd, TaskOptions& task);
// --predict-batch-size, --sort-eval-batches.
void add_eval_options(CLI::App* cmd, EvalOptions& eval);
// --rank, --world-size, --master-addr, --master-port, --dist-timeout (the
// first four default to torchrun's environment variables).
void add_distributed_options(CLI::App* cmd, DistributedOptions& dist);
// --max-grad-norm, --weight-decay, --optimizer, --schedule, --warmup-steps.
void add_optimizer_options(CLI::App* cmd, OptimizerSettings& settings);
// `CMD merge SHARD... --output-dir OUT`: assemble the outputs of
// --points-shard runs with `merge(shards, out)`. Returns the subcommand.
CLI::App* add_merge_command(
    CLI::App* cmd,
    std::function<void(const std::vector<std::filesystem::path>&, const std::filesystem::path&)>
        merge);

// How --tensorboard's help says its default: on, or off in a build without
// event files (report/event_file.h).
std::string tensorboard_default();

// What every trainer takes: the model, task and evaluation options above,
// --task-dir, --output-dir (described by `output_help`), --seed, --train-iters,
// --train-epochs, --log-interval, the optimizer options, --no-predict,
// --resume, --quiet, --tensorboard / --no-tensorboard. `required`: --model,
// --task-dir and --output-dir are required (false for a command with
// subcommands of its own, which checks them itself).
void add_training_options(CLI::App* cmd, TrainingOptions& train, const std::string& output_help,
                          bool required = true);

}  // namespace mcplm::cli
