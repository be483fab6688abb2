#include "mcplm/bench/model_bench.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <chrono>

#include "mcplm/core/device.h"
#include "mcplm/core/precision.h"
#include "mcplm/core/error.h"
#include "mcplm/core/memory_usage.h"
#include "mcplm/core/runtime.h"
#include "mcplm/model/greedy.h"
#include "mcplm/bench/original_style.h"
#include "mcplm/model/module_params.h"
#include "mcplm/bench/roberta_bench.h"
#include "mcplm/model/t5.h"
#include "mcplm/bench/op_profile.h"
#include "mcplm/train/adafactor.h"
#include "mcplm/train/grad_clip.h"
#include "mcplm/train/param_groups.h"

namespace mcplm {

namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

T5Config bench_config(int64_t d_model, int64_t layers, int64_t heads, int64_t d_kv, int64_t d_ff,
                      int64_t vocab) {
  T5Config config;
  config.vocab_size = vocab;
  config.d_model = d_model;
  config.num_heads = heads;
  config.d_kv = d_kv;
  config.d_ff = d_ff;
  config.num_layers = layers;
  config.num_decoder_layers = layers;
  config.tie_word_embeddings = false;
  set_feed_forward_proj(config, "gated-gelu");
  return config;
}

// Multiply-accumulates per row of one FFN over `tokens` tokens.
double ffn_macs(const T5Config& c, double tokens) {
  return tokens * (c.gated_ffn ? 3.0 : 2.0) * c.d_model * c.d_ff;
}

// Multiply-accumulates per row of the encoder over S tokens.
double encoder_macs(const T5Config& c, double S) {
  const double d = c.d_model, inner = c.inner_dim();
  return c.num_layers * (S * 4 * d * inner + 2 * S * S * inner + ffn_macs(c, S));
}

// Per row: the decoder over T tokens against S encoder states (cross keys and
// values included), and lm_head on `logit_positions` of them.
double decoder_macs(const T5Config& c, double S, double T, double logit_positions) {
  const double d = c.d_model, inner = c.inner_dim();
  double layer = T * 4 * d * inner + 2 * T * T * inner    // self-attention
                 + T * 2 * d * inner + S * 2 * d * inner  // cross q, o and k, v
                 + 2 * T * S * inner + ffn_macs(c, T);    // cross scores, FFN
  return c.num_decoder_layers * layer + logit_positions * d * c.vocab_size;
}

}  // namespace

ModelBenchShape model_bench_shape(const std::string& name) {
  ModelBenchShape shape;
  shape.name = name;
  if (name == "tiny") {
    shape.config = bench_config(64, 2, 4, 16, 128, 1000);
    shape.batch = 32;
    shape.input_length = 64;
  } else if (name == "small") {
    shape.config = bench_config(512, 8, 6, 64, 1024, 32128);
  } else if (name == "base") {
    shape.config = bench_config(768, 12, 12, 64, 2048, 32128);
  } else {
    throw InputError("bench config '" + name + "' is not one of tiny, small, base");
  }
  return shape;
}

double matmul_probe_gflops(const c10::Device& device, int64_t n, double seconds) {
  torch::NoGradGuard no_grad;
  auto on = torch::TensorOptions().device(device);
  auto a = torch::randn({n, n}, on), b = torch::randn({n, n}, on), c = torch::empty({n, n}, on);
  torch::mm_out(c, a, b);  // warm-up
  synchronize_device(device);
  int64_t runs = 0;
  auto start = Clock::now();
  do {
    torch::mm_out(c, a, b);
    synchronize_device(device);
    ++runs;
  } while (elapsed_ms(start) < seconds * 1000);
  return 2.0 * n * n * n * runs / (elapsed_ms(start) * 1e6);
}

double t5_forward_flops(const ModelBenchShape& shape) {
  const auto& c = shape.config;
  const double S = shape.input_length, T = shape.target_length;
  return 2.0 * shape.batch * (encoder_macs(c, S) + decoder_macs(c, S, T, T));
}

double t5_greedy_flops(const ModelBenchShape& shape, int64_t input_length) {
  const auto& c = shape.config;
  const double S = static_cast<double>(input_length > 0 ? input_length : shape.input_length);
  const double d = c.d_model, inner = c.inner_dim();
  double macs = c.num_decoder_layers * S * 2 * d * inner;  // cross keys/values, once
  for (int64_t t = 1; t <= shape.generate_tokens; ++t)
    macs += c.num_decoder_layers *
                (4 * d * inner + 2.0 * t * inner + 2 * d * inner + 2 * S * inner + ffn_macs(c, 1)) +
            d * c.vocab_size;
  return 2.0 * shape.batch * macs;
}

double t5_original_eval_flops(const ModelBenchShape& shape, int64_t input_length) {
  const auto& c = shape.config;
  const double S = static_cast<double>(std::max(input_length, shape.input_length));
  const double T = shape.target_length;
  const double macs = 2 * encoder_macs(c, S) + decoder_macs(c, S, T, T);
  return 2.0 * shape.batch * macs + t5_greedy_flops(shape, static_cast<int64_t>(S));
}

ModelBenchResult run_model_bench(const ModelBenchOptions& options) {
  require_device(options.device);
  ModelBenchResult result;
  result.shape = model_bench_shape(options.config);
  const auto& shape = result.shape;
  result.threads = torch::get_num_threads();
  result.blas_threads = blas_threads();
  result.device = options.device.str();
  result.precision = precision_name(options.precision);
  result.probe_gflops = matmul_probe_gflops(options.device);

  torch::manual_seed(options.seed);
  T5ForConditionalGeneration model(shape.config);
  model.init_weights(options.seed);
  model.to(options.device);
  for (const auto& p : model.parameters()) result.parameters += p.numel();

  // Drawn on the CPU, so that every device sees the same batch.
  const int64_t vocab = shape.config.vocab_size;
  auto input_ids = torch::randint(2, vocab, {shape.batch, shape.input_length}, torch::kLong)
                       .to(options.device);  // [B, S]
  auto attention_mask = torch::ones_like(input_ids);
  auto labels = torch::randint(2, vocab, {shape.batch, shape.target_length}, torch::kLong)
                    .to(options.device);  // [B, T]
  auto decoder_mask = torch::ones_like(labels);

  // The trainer's T5 recipe: weight decay 0.01 groups, Adafactor with a fixed lr, clip 0.01.
  const ParamSet params = module_params(model);
  Adafactor adafactor(weight_decay_groups(params, 0.01), AdafactorOptions::external(1e-4));
  const std::vector<torch::Tensor> tensors = model.parameters();
  auto train_step = [&] {
    model.train();
    adafactor.release_grads();
    PrecisionScope precision(options.precision, options.device);
    auto states = model.encode(input_ids, attention_mask);
    model.decode_labels(states, attention_mask, labels, decoder_mask).loss.backward();
  };
  auto optimizer_step = [&] {
    clip_grad_norm(tensors, 0.01);
    adafactor.step();
  };
  auto update = [&] {
    train_step();
    optimizer_step();
  };
  auto eval_batch = [&] {
    model.eval();
    torch::InferenceMode inference;
    PrecisionScope precision(options.precision, options.device);
    auto states = model.encode(input_ids, attention_mask);
    model.decode_labels(states, attention_mask, labels, decoder_mask).loss.item<double>();
    greedy_decode(model, states, attention_mask, shape.generate_tokens + 1);
  };
  auto original_eval_batch = [&] {
    model.eval();
    evaluate_original_style(model, input_ids, attention_mask, labels, decoder_mask,
                            options.max_input_length, shape.generate_tokens + 1);
  };
  auto time_ms = [&](const std::function<void()>& run) {
    for (int i = 0; i < options.warmup; ++i) run();
    synchronize_device(options.device);
    auto start = Clock::now();
    for (int i = 0; i < options.iterations; ++i) run();
    synchronize_device(options.device);
    return elapsed_ms(start) / std::max(1, options.iterations);
  };
  auto profile = [&](const char* what, const std::function<void()>& run) {
    if (options.profile_top > 0)
      result.profiles +=
          fmt::format("profile: {}\n{}", what, profile_ops(run, options.profile_top));
  };
  result.train_gflop = 3 * t5_forward_flops(shape) / 1e9;
  if (options.train) {
    result.train_ms = time_ms(train_step);
    profile("train step (fwd+bwd)", train_step);
  }
  if (options.optimizer) {
    train_step();
    result.optimizer_ms = time_ms(optimizer_step);
    profile("clip + Adafactor step", optimizer_step);
    const bool peak_known = reset_peak_resident();
    result.update_ms = time_ms(update);
    if (peak_known) result.update_peak_rss = peak_resident_bytes();
  }
  result.eval_gflop = (t5_forward_flops(shape) + t5_greedy_flops(shape)) / 1e9;
  if (options.eval) {
    result.eval_ms = time_ms(eval_batch);
    profile("eval batch", eval_batch);
  }
  if (options.compare_original) {
    result.original_eval_gflop = t5_original_eval_flops(shape, options.max_input_length) / 1e9;
    result.original_eval_ms = time_ms(original_eval_batch);
    profile("original-style eval batch", original_eval_batch);
  }
  return result;
}

std::string format_model_bench(const ModelBenchResult& r) {
  const auto& s = r.shape;
  const auto& c = s.config;
  std::string text = fmt::format(
      "config {}: d_model {}, {}+{} layers, {} heads of {}, d_ff {}, vocab {}, {}, {}; {:.1f}M "
      "parameters; {} BLAS threads, {} LibTorch threads; device {}; precision {}\n",
      s.name, c.d_model, c.num_layers, c.num_decoder_layers, c.num_heads, c.d_kv, c.d_ff,
      c.vocab_size, c.feed_forward_proj, c.tie_word_embeddings ? "tied" : "untied",
      r.parameters / 1e6, r.blas_threads, r.threads, r.device, r.precision);
  text +=
      fmt::format("matmul probe (1024x1024 fp32, {}): {:.1f} GFLOP/s\n", r.device, r.probe_gflops);
  text += fmt::format("{:<44} {:>10} {:>8} {:>9} {:>8}\n", "", "ms", "GFLOP", "GFLOP/s", "% probe");
  auto row = [&](const std::string& what, double ms, double gflop) {
    double rate = gflop / (ms / 1000);
    return fmt::format("{:<44} {:>10.1f} {:>8.2f} {:>9.1f} {:>7.0f}%\n", what, ms, gflop, rate,
                       100 * rate / r.probe_gflops);
  };
  if (r.train_ms > 0)
    text += row(fmt::format("train step (bsz {}, {} -> {} tokens, fwd+bwd)", s.batch,
                            s.input_length, s.target_length),
                r.train_ms, r.train_gflop);
  if (r.optimizer_ms > 0) {
    text += fmt::format("{:<44} {:>10.1f}\n", "clip + Adafactor step", r.optimizer_ms);
    text += row("update (fwd+bwd+clip+Adafactor)", r.update_ms, r.train_gflop);
  }
  if (r.eval_ms > 0)
    text += row(fmt::format("eval batch (loss + greedy {} tokens)", s.generate_tokens), r.eval_ms,
                r.eval_gflop);
  if (r.original_eval_ms > 0) {
    text += row("  original style (pad, re-encode, cached)", r.original_eval_ms,
                r.original_eval_gflop);
    text +=
        fmt::format("original-style / mcplm eval time: {:.2f}x\n", r.original_eval_ms / r.eval_ms);
  }
  if (r.update_peak_rss > 0)
    text += fmt::format("peak resident memory during updates: {:.0f} MiB\n",
                        r.update_peak_rss / 1048576.0);
  text += r.profiles;
  return text;
}

bool is_roberta_bench_config(const std::string& config) { return config.rfind("roberta-", 0) == 0; }

std::string model_bench_report(const ModelBenchOptions& options) {
  if (!is_roberta_bench_config(options.config)) return format_model_bench(run_model_bench(options));
  const RobertaConfig config = roberta_bench_config(options.config);
  RobertaBenchOptions bench;
  bench.iterations = options.iterations;
  bench.warmup = options.warmup;
  bench.seed = options.seed;
  bench.device = options.device;
  const RobertaBenchResult r = bench_roberta(config, bench);
  std::string text = fmt::format(
      "config {}: hidden {}, {} layers, {} heads, intermediate {}, vocab {}; {:.1f}M parameters; "
      "{} BLAS threads, {} LibTorch threads; device {}\n",
      options.config, config.hidden_size, config.num_hidden_layers, config.num_attention_heads,
      config.intermediate_size, config.vocab_size, r.parameters / 1e6, blas_threads(),
      torch::get_num_threads(), options.device.str());
  text += fmt::format("{:<48} {:>10}\n", "", "ms");
  text += fmt::format(
      "{:<48} {:>10.1f}\n",
      fmt::format("train step (bsz {}, length {}, fwd+bwd)", bench.batch_size, bench.length),
      r.train_ms);
  text += fmt::format("{:<48} {:>10.1f}\n", "eval batch (fwd, no gradients)", r.eval_ms);
  return text;
}

}  // namespace mcplm
