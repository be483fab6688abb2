#include "mcplm/core/error.h"
#include "mcplm/text/roberta_tokenizer.h"
#include "mcplm/text/t5_tokenizer.h"
#include "mcplm/text/tokenizer.h"

namespace mcplm {

std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& model_dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(model_dir))
    throw InputError(model_dir.string(), 0, "not a model directory");
  if (fs::exists(model_dir / "spiece.model")) return std::make_unique<T5Tokenizer>(model_dir);
  for (auto [vocab, merges] :
       {std::pair{"vocab.json", "merges.txt"}, std::pair{"encoder.json", "vocab.bpe"}}) {
    if (fs::exists(model_dir / vocab))
      return std::make_unique<RobertaTokenizer>(model_dir / vocab, model_dir / merges, model_dir);
  }
  throw InputError(model_dir.string(), 0,
                   "no tokenizer: needs spiece.model, or vocab.json and merges.txt");
}

}  // namespace mcplm
