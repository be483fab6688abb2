// The original code base's RoBERTa JSON configs (RoBERTa_model/configs/…:
// the Hugging Face Trainer's arguments plus its delta settings), read as
// mcplm options so that `mcplm tune --config configs/roberta-base/mnli.json`
// runs the sweep the file describes.
#pragma once
#include <string>
#include <vector>

namespace mcplm {

struct ConfigOption {
  std::string name;                 // mcplm's flag without "--" ("lr", "task-dir")
  std::vector<std::string> values;  // as they would be typed
  std::size_t line = 0;             // where the key is in the file (1-based)
};

// The options of the JSON object `text` (read from `file`), in the file's
// order: model_name_or_path → model, tokenizer_name → tokenizer, task_name T
// → task-dir data/glue-T, delta_type adapter|none|lora → method
// adapter|model|lora, bottleneck_dim → roberta-adapter-size, learning_rate →
// lr, per_device_train_batch_size → bsz, per_device_eval_batch_size →
// predict-batch-size, max_source_length → roberta-max-length, max_steps →
// train-iters, warmup_steps → warmup-steps, eval_steps → valid-interval,
// save_steps → output-interval, seed, output_dir → output-dir, path1 / path2
// → ckpt1 / ckpt2. The Trainer's keys mcplm has no use for (do_train,
// evaluation_strategy, unfrozen_modules, push_to_hub, …) are left out.
// InputError naming the file and line of a key it does not know or a value
// of the wrong kind.
std::vector<ConfigOption> original_json_config(const std::string& text, const std::string& file);

}  // namespace mcplm
