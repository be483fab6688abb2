// Flag groups shared by several subcommands, bound to the library's option
// structs. Flag names follow the original's (kebab-case).
#pragma once
#include <CLI/CLI.hpp>

#include "mcplm/core/distributed.h"
#include "mcplm/data/task.h"
#include "mcplm/eval/evaluator.h"
#include "mcplm/model/model_setup.h"
#include "mcplm/train/update_rule.h"

namespace mcplm::cli {

// --device cpu | cuda | cuda:N, checked as it is parsed (InputError, exit 2).
void add_device_option(CLI::App* cmd, c10::Device& device);
// --model, --tokenizer, --max-input-length, --max-output-length,
// --do-lowercase, --append-another-bos, --roberta-max-length, --device.
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

}  // namespace mcplm::cli
