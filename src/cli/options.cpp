#include "options.h"

#include <iostream>

#include "mcplm/core/device.h"
#include "ranges.h"

namespace mcplm::cli {

void add_device_option(CLI::App* cmd, c10::Device& device) {
  cmd->add_option_function<std::string>(
         "--device", [&device](const std::string& text) { device = parse_device(text); },
         "where the model runs: cpu, cuda (the first GPU) or cuda:N (needs a LibTorch built "
         "with CUDA)")
      ->default_str("cpu");
}

void add_precision_option(CLI::App* cmd, Precision& precision) {
  add_choice(cmd, "--precision", precision,
             Choices<Precision>{
                 {"fp32", Precision::FP32}, {"tf32", Precision::TF32}, {"bf16", Precision::BF16}},
             "fp32 (the parity numbers); tf32: TF32 matrix products on a GPU; bf16: forward, "
             "backward and evaluation under bfloat16 autocast, fp32 weights and optimizer");
}

void add_model_options(CLI::App* cmd, ModelSetup& setup, bool model_required) {
  auto* model = cmd->add_option("--model", setup.model_dir,
                                "base model: a Hugging Face directory (config.json + weights)");
  if (model_required) model->required();
  cmd->add_option(
      "--tokenizer", setup.tokenizer_dir,
      "tokenizer directory (spiece.model or vocab.json + merges.txt); default: --model");
  cmd->add_option("--max-input-length", setup.t5.max_input_length, "T5 input truncation")
      ->capture_default_str()
      ->check(positive_integer());
  cmd->add_option("--max-output-length", setup.t5.max_output_length,
                  "T5 target truncation and greedy decoding length")
      ->capture_default_str()
      ->check(positive_integer());
  cmd->add_flag("--do-lowercase", setup.t5.format.do_lowercase, "lowercase inputs and targets");
  cmd->add_flag("--append-another-bos", setup.t5.format.append_another_bos,
                "prefix inputs and targets with \"<s> \"");
  cmd->add_option("--roberta-max-length", setup.roberta_max_length, "RoBERTa truncation")
      ->capture_default_str()
      ->check(positive_integer());
  add_device_option(cmd, setup.device);
  add_precision_option(cmd, setup.precision);
}

void add_task_options(CLI::App* cmd, TaskOptions& task) {
  cmd->add_option("--metric", task.metric,
                  "metric name overriding data/metrics.json (ACC, EM, QA-F1, Classification-F1, "
                  "Matthew-Correlation, Pearson-Correlation, Rouge-L)");
  cmd->add_flag("--choose-dev-1000", task.choose_dev_1000, "only the first 1000 dev lines");
  cmd->add_flag("--choose-test-1000", task.choose_test_1000, "only the first 1000 test lines");
}

void add_eval_options(CLI::App* cmd, EvalOptions& eval) {
  cmd->add_option("--predict-batch-size", eval.batch_size, "evaluation batch size")
      ->capture_default_str()
      ->check(positive_integer(kMaxBatchSize));
  cmd->add_option_function<std::string>(
         "--decode", [&eval](const std::string& name) { eval.decode = parse_decode_mode(name); },
         "greedy: generate freely (the original's way); labels: score each training label "
         "teacher-forced and predict the likeliest (classification tasks, T5)")
      ->check(CLI::IsMember({"greedy", "labels"}));
  cmd->add_flag("--sort-eval-batches", eval.sort_by_length,
                "batch evaluation rows by length (faster; the loss then differs slightly from "
                "file-order batches)");
}

void add_distributed_options(CLI::App* cmd, DistributedOptions& dist) {
  const char* group = "Multi-process (torchrun-style; see README)";
  cmd->add_option("--rank", dist.rank, "this process's rank (default: $RANK, else 0)")
      ->group(group)
      ->check(non_negative_integer());
  cmd->add_option("--world-size", dist.world_size,
                  "number of processes (default: $WORLD_SIZE, else 1)")
      ->group(group)
      ->check(positive_integer());
  cmd->add_option("--master-addr", dist.master_addr,
                  "host of rank 0's rendezvous store (default: $MASTER_ADDR, else 127.0.0.1)")
      ->group(group);
  cmd->add_option("--master-port", dist.master_port,
                  "port of the rendezvous store (default: $MASTER_PORT, else 29500)")
      ->group(group)
      ->check(integer_in(1, 65535));
  cmd->add_option("--dist-timeout", dist.timeout_s,
                  "seconds a rank waits for another (rendezvous, rank 0's evaluations and "
                  "checkpoints) before failing")
      ->group(group)
      ->capture_default_str()
      ->check(positive_real());
}

const Choices<TuningMethod>& method_choices() {
  static const Choices<TuningMethod> choices{{"model", TuningMethod::Model},
                                             {"adapter", TuningMethod::Adapter},
                                             {"lora", TuningMethod::Lora}};
  return choices;
}

void add_lora_options(CLI::App* cmd, LoraConfig& lora, bool with_training) {
  const std::string group = "LoRA";
  if (with_training) {
    cmd->add_option("--lora-r", lora.r, "LoRA rank r (--method lora)")
        ->group(group)
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--lora-dropout", lora.dropout, "dropout on the LoRA branch's input")
        ->group(group)
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
  }
  cmd->add_option("--lora-alpha", lora.alpha,
                  with_training ? "LoRA alpha: the update is scaled by alpha / r"
                                : "LoRA alpha of checkpoints that do not record it")
      ->group(group)
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

void add_lora_space_option(CLI::App* cmd, LoraSpace& space) {
  add_choice(cmd, "--lora-space", space,
             Choices<LoraSpace>{{"factors", LoraSpace::Factors}, {"merged", LoraSpace::Merged}},
             "LoRA ends: factors (A and B interpolated separately, the original's) | merged "
             "(the merged updates dW = (A·B)ᵀ·alpha/r)")
      ->group("LoRA");
}

void add_other_base_flag(CLI::App* cmd, ModelSetup& setup) {
  cmd->add_flag("--allow-other-base", setup.allow_other_base,
                "run checkpoints tuned from another base model than --model (e.g. a "
                "pre-training step experiment); said in the log and the outputs");
}

void add_optimizer_options(CLI::App* cmd, OptimizerSettings& settings) {
  cmd->add_option("--max-grad-norm", settings.max_grad_norm,
                  "gradient clipping norm (default: T5 0.01 as the original, RoBERTa 1.0)")
      ->check(non_negative_real());
  cmd->add_option("--weight-decay", settings.weight_decay,
                  "weight decay (default: T5 full model 0.01, otherwise 0)")
      ->check(non_negative_real());
  add_choice(cmd, "--optimizer", settings.optimizer,
             Choices<OptimizerKind>{{"adafactor", OptimizerKind::Adafactor},
                                    {"adamw", OptimizerKind::AdamW},
                                    {"auto", OptimizerKind::Auto}},
             "adafactor | adamw | auto (T5 Adafactor, RoBERTa AdamW)");
  add_choice(cmd, "--schedule", settings.schedule,
             Choices<ScheduleKind>{{"constant", ScheduleKind::Constant},
                                   {"linear", ScheduleKind::Linear},
                                   {"auto", ScheduleKind::Auto}},
             "constant | linear | auto (T5 constant, RoBERTa linear)");
  cmd->add_option("--warmup-steps", settings.warmup_steps, "learning-rate warmup updates")
      ->capture_default_str()
      ->check(non_negative_integer());
}

CLI::App* add_merge_command(
    CLI::App* cmd,
    std::function<void(const std::vector<std::filesystem::path>&, const std::filesystem::path&)>
        merge) {
  auto dirs = std::make_shared<std::vector<std::filesystem::path>>();
  auto out = std::make_shared<std::filesystem::path>();
  auto* sub = cmd->add_subcommand("merge", "assemble the outputs of --points-shard runs");
  sub->add_option("shards", *dirs, "the shards' output directories")->required();
  sub->add_option("--output-dir", *out, "where the merged outputs go")->required();
  sub->callback([dirs, out, merge] {
    merge(*dirs, *out);
    std::cout << "merged " << dirs->size() << " shard(s) into " << out->string() << "\n";
  });
  return sub;
}

void add_training_options(CLI::App* cmd, TrainingOptions& train, const std::string& output_help,
                          bool required) {
  add_model_options(cmd, train.setup, required);
  add_task_options(cmd, train.task);
  add_eval_options(cmd, train.eval);
  cmd->add_option("--task-dir", train.task_dir, "task directory with {task}_{train,dev,test}.tsv")
      ->required(required);
  cmd->add_option("--output-dir", train.output_dir, output_help)->required(required);
  cmd->add_option("--seed", train.seed, "data order, dropout and the run's own draws")
      ->capture_default_str();
  cmd->add_option("--train-iters", train.train_iters, "number of updates")
      ->check(positive_integer());
  cmd->add_option("--train-epochs", train.train_epochs, "epochs (when --train-iters is not given)")
      ->check(positive_integer());
  cmd->add_option("--log-interval", train.log_interval, "log the train loss every N updates")
      ->capture_default_str()
      ->check(positive_integer());
  add_optimizer_options(cmd, train.optim);
  cmd->add_flag(
      "--no-predict", [&train](int64_t) { train.do_predict = false; },
      "skip the test file (evaluate the dev file only)");
  cmd->add_flag("--resume", train.resume, "continue the run in --output-dir where it stopped");
  cmd->add_flag("--quiet", train.quiet, "no progress bar or log echo");
  cmd->add_flag("--tensorboard,!--no-tensorboard", train.tensorboard,
                "write TensorBoard event files into the run directory's tb/ (" +
                    tensorboard_default() +
                    "): the train loss, lr and epoch, dev and test loss and metric, at their "
                    "update; curve adds its path as interpolate does (`tensorboard --logdir "
                    "OUT`)");
}

std::string tensorboard_default() {
  return tensorboard_built() ? "on by default" : "off: this build has no event files";
}

}  // namespace mcplm::cli
