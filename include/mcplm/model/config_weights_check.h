// A model directory's config.json checked against the shapes of its weights
// before a model is built from it: a config that does not describe its
// weights (d_model 1e9, a layer too many) fails naming the key and the
// tensor, instead of allocating what the config says.
#pragma once
#include <string>

#include "mcplm/config/roberta_config.h"
#include "mcplm/config/t5_config.h"
#include "mcplm/core/param_set.h"

namespace mcplm {

// InputError naming `config_file` when a dimension of `config` differs from
// the weights' (shared/embed_tokens, attention, feed-forward, relative
// attention bias, the number of blocks). Tensors absent from `weights` are
// left to the loader, which names them.
void check_t5_config_against_weights(const T5Config& config, const ParamSet& weights,
                                     const std::string& config_file);
// The same for RoBERTa: embeddings, feed-forward, the number of layers.
void check_roberta_config_against_weights(const RobertaConfig& config, const ParamSet& weights,
                                          const std::string& config_file);

}  // namespace mcplm
