// BERT's tokenizer as Hugging Face `tokenizers` runs it: added (special) tokens matched in the raw text, then the
// BertNormalizer (clean text: drop NUL, U+FFFD and Cc/Cf/Co except \t\n\r, other white space → ' '; spaces around CJK
// ideographs; accent stripping = NFD then drop Mn; lower case), the BertPreTokenizer (split on white space, each
// punctuation character — ASCII punctuation or Unicode P* — its own word), WordPiece (greedy longest match, "##"
// continuations, a word over max_input_chars_per_word or with an unmatched piece → [UNK]), and [CLS] … [SEP].
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace rung::encoder {

// Vocabularies larger than this are refused (the largest BERT-family vocabularies are ~120,000 entries).
constexpr int64_t kMaxVocab = 1 << 18;

struct TokenizerConfig {
  bool clean_text = true, handle_chinese_chars = true, strip_accents = true, lowercase = true;
  std::string continuing_prefix = "##";
  int64_t max_input_chars_per_word = 100;
};

class Tokenizer {
 public:
  // From tokenizer.json (a BertNormalizer / BertPreTokenizer / WordPiece / [CLS] $A [SEP] pipeline), or from
  // vocab.txt with tokenizer_config.json (do_lower_case, strip_accents, tokenize_chinese_chars; optional file).
  // Throws std::invalid_argument naming the file and field.
  static Tokenizer from_tokenizer_json(const std::string& path);
  static Tokenizer from_vocab_txt(const std::string& vocab_path, const std::string& config_path);

  // Token ids of utf8[0..n) without [CLS]/[SEP] (appended to ids).
  void encode_words(std::vector<int32_t>& ids, const char* utf8, size_t n) const;
  int32_t cls_id() const { return cls_; }
  int32_t sep_id() const { return sep_; }
  int64_t vocab_size() const { return (int64_t)vocab_.size(); }
  int32_t max_id() const { return max_id_; }
  const TokenizerConfig& config() const { return cfg_; }

 private:
  struct Added {
    std::vector<uint32_t> text;
    int32_t id;
  };
  TokenizerConfig cfg_;
  std::unordered_map<std::string, int32_t> vocab_;
  std::vector<Added> added_;  // matched in the raw text, longest first at each position
  int32_t unk_ = -1, cls_ = -1, sep_ = -1, max_id_ = -1;

  void add_token(const std::string& file, const std::string& field, const std::string& token, int64_t id);
  int32_t id_of(const std::string& file, const std::string& field, const std::string& token) const;
  void finish(const std::string& file, const std::string& unk, const std::string& cls, const std::string& sep);
  void normalized_words(std::vector<int32_t>& ids, const std::vector<uint32_t>& text) const;
  void wordpiece(std::vector<int32_t>& ids, const uint32_t* word, size_t n) const;
};

}  // namespace rung::encoder
