#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "mcplm/core/error.h"
#include "mcplm/text/tokenize_report.h"
#include "mcplm/text/tokenizer.h"

namespace mcplm::cli {

void add_tokenize_command(CLI::App& app) {
  struct Options {
    std::string model, text, file, pair, decode;
    std::size_t max_length = 0;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("tokenize", "Show the token ids a model sees for a text");
  cmd->add_option("--model", opts->model,
                  "model directory (spiece.model, or vocab.json + merges.txt)")
      ->required();
  auto* text = cmd->add_option("--text", opts->text, "text to tokenize");
  auto* file = cmd->add_option("--file", opts->file, "file with one text per line");
  text->excludes(file);
  cmd->add_option("--pair", opts->pair, "second text of a sentence pair (with --text)")
      ->needs(text);
  cmd->add_option("--max-length", opts->max_length, "truncate to this many ids (0 = no limit)")
      ->capture_default_str();
  auto* decode = cmd->add_option("--decode", opts->decode, "ids to decode, e.g. \"385,27,1\"");
  cmd->add_flag("--json", opts->json, "print JSON (one object per line of --file)");
  cmd->callback([opts, text, file, decode, cmd] {
    if (!*text && !*file && !*decode) throw CLI::RequiredError("--text, --file or --decode");
    auto tokenizer = load_tokenizer(opts->model);
    if (!opts->json) fmt::print("tokenizer: {}\n", tokenizer->describe());
    auto show = [&](const std::string& line, const std::optional<std::string>& pair) {
      TokenizedText tokenized = tokenize_text(*tokenizer, line, pair, opts->max_length);
      if (opts->json) {
        fmt::print("{}\n", tokenized_json(tokenized).dump());
      } else {
        fmt::print("{}", format_tokenized(tokenized));
      }
    };
    if (*text) show(opts->text, cmd->count("--pair") ? std::optional(opts->pair) : std::nullopt);
    if (*file) {
      std::ifstream in(opts->file, std::ios::binary);
      if (!in) throw InputError(opts->file, 0, "cannot open");
      for (std::string line; std::getline(in, line);) show(line, std::nullopt);
    }
    if (*decode) {
      std::vector<int64_t> ids = parse_ids(opts->decode);
      for (int64_t id : ids)
        if (id >= tokenizer->vocab_size())
          throw InputError(fmt::format("--decode: token id {} is outside the vocabulary (0..{})", id,
                                       tokenizer->vocab_size() - 1));
      std::string decoded = tokenizer->decode(ids);
      if (opts->json) {
        fmt::print("{}\n", nlohmann::json{{"ids", ids}, {"decoded", decoded}}.dump());
      } else {
        fmt::print("decoded: {}\n", decoded);
      }
    }
  });
}

}  // namespace mcplm::cli
