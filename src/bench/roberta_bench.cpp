#include "mcplm/bench/roberta_bench.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <chrono>

#include "mcplm/core/device.h"
#include "mcplm/core/error.h"
#include "mcplm/model/module_params.h"
#include "mcplm/model/roberta_classifier.h"
#include "mcplm/model/method.h"

namespace mcplm {

namespace {

// Mean milliseconds of `step` over `iterations`, after `warmup` untimed runs.
template <typename Step>
double time_ms(const RobertaBenchOptions& options, Step step) {
  auto sync = [&] {
    if (options.device.is_cuda()) torch::cuda::synchronize();
  };
  for (int i = 0; i < options.warmup; ++i) step();
  sync();
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < options.iterations; ++i) step();
  sync();
  std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  return elapsed.count() / options.iterations;
}

}  // namespace

RobertaConfig roberta_bench_config(const std::string& name) {
  if (name == "roberta-base") return roberta_base_config();
  if (name == "roberta-tiny") {
    RobertaConfig c = roberta_base_config();
    c.vocab_size = 1000;
    c.hidden_size = 64;
    c.num_hidden_layers = 2;
    c.num_attention_heads = 4;
    c.intermediate_size = 128;
    c.max_position_embeddings = 130;
    return c;
  }
  throw InputError("unknown model configuration '" + name + "' (roberta-base, roberta-tiny)");
}

RobertaBenchResult bench_roberta(const RobertaConfig& config, const RobertaBenchOptions& options) {
  if (options.batch_size <= 0 || options.length <= 0 || options.iterations <= 0)
    throw InputError("batch size, length and iterations must be positive");
  if (options.length > config.max_position_embeddings - config.pad_token_id - 1)
    throw InputError("length exceeds the model's position table");
  if (options.method == TuningMethod::Adapter && options.adapter_bottleneck <= 0)
    throw InputError("the adapter method needs an adapter bottleneck above 0");
  require_device(options.device);
  NameFilter trains = tuned_by(ModelFamily::Roberta, options.method);

  RobertaForSequenceClassification model(config, options.adapter_bottleneck);
  model->initialize(options.seed);
  model->to(options.device);
  RobertaBenchResult result;
  result.parameters = module_params(*model).numel();
  result.trainable = set_trainable(*model, trains);

  torch::manual_seed(options.seed);
  auto on = torch::TensorOptions().dtype(torch::kLong).device(options.device);
  torch::Tensor ids =
      torch::randint(3, config.vocab_size, {options.batch_size, options.length}, on);
  ids.select(1, 0).fill_(0);  // <s>
  torch::Tensor mask = torch::ones_like(ids);
  torch::Tensor labels = config.is_regression()
                             ? torch::rand({options.batch_size}, on.dtype(torch::kFloat32))
                             : torch::randint(0, config.num_labels, {options.batch_size}, on);

  model->train();
  result.train_ms = time_ms(options, [&] {
    model->zero_grad();
    model->forward(ids, mask, {}, labels).loss.backward();
  });
  model->eval();
  result.eval_ms = time_ms(options, [&] {
    torch::NoGradGuard no_grad;
    model->forward(ids, mask, {}, labels);
  });
  return result;
}

}  // namespace mcplm
