// The BERT tokenizer: loading (tokenizer.json or vocab.txt + tokenizer_config.json) and encoding, step by step as
// Hugging Face `tokenizers` does it (see tokenizer.h).
#include "tokenizer.h"

#include <fstream>
#include <stdexcept>

#include "json.h"
#include "unicode.h"

namespace rung::encoder {

namespace {

// The ideograph blocks HF's BertNormalizer spaces out (its is_chinese_char, verbatim).
bool is_chinese_char(uint32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
         (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}
bool is_control(uint32_t c) { return c != '\t' && c != '\n' && c != '\r' && is_other(c); }
bool is_bert_whitespace(uint32_t c) { return c == '\t' || c == '\n' || c == '\r' || is_white_space(c); }
bool is_bert_punctuation(uint32_t c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126) || is_punctuation(c);
}

std::vector<uint32_t> code_points(const std::string& s) { return utf8_decode(s.data(), s.size()); }

// A special-token setting of tokenizer_config.json: a string or {"content": …}; fallback when absent.
std::string token_setting(const JsonField& f, const std::string& fallback) {
  if (!f.present()) return fallback;
  if (f.value->type == Json::Type::object) return f.at("content").str();
  return f.str();
}

}  // namespace

void Tokenizer::add_token(const std::string& file, const std::string& field, const std::string& token, int64_t id) {
  if (id < 0 || id > INT32_MAX) throw std::invalid_argument(file + ": " + field + ": id " + std::to_string(id) + " out of range");
  vocab_[token] = (int32_t)id;
  if (id > max_id_) max_id_ = (int32_t)id;
}

int32_t Tokenizer::id_of(const std::string& file, const std::string& field, const std::string& token) const {
  const auto it = vocab_.find(token);
  if (it == vocab_.end()) throw std::invalid_argument(file + ": " + field + ": token \"" + token + "\" is not in the vocabulary");
  return it->second;
}

void Tokenizer::finish(const std::string& file, const std::string& unk, const std::string& cls, const std::string& sep) {
  if (vocab_.empty()) throw std::invalid_argument(file + ": vocabulary: empty");
  if ((int64_t)vocab_.size() > kMaxVocab)
    throw std::invalid_argument(file + ": vocabulary: " + std::to_string(vocab_.size()) + " entries, more than the " + std::to_string(kMaxVocab) +
                                " this engine accepts");
  unk_ = id_of(file, "unk_token", unk);
  cls_ = id_of(file, "cls_token", cls);
  sep_ = id_of(file, "sep_token", sep);
  if (cfg_.max_input_chars_per_word < 1) throw std::invalid_argument(file + ": max_input_chars_per_word: must be at least 1");
}

Tokenizer Tokenizer::from_tokenizer_json(const std::string& path) {
  const Json doc = read_json_file(path);
  const JsonField root = root_field(doc, path);
  root.object();
  Tokenizer t;
  const JsonField model = root.at("model");
  model.object();
  if (model.at("type").str() != "WordPiece") model.at("type").fail("\"" + model.at("type").str() + "\" is not supported (only WordPiece)");
  const JsonField vocab = model.at("vocab");
  const Json& v = vocab.object();
  if ((int64_t)v.object.size() > kMaxVocab)
    vocab.fail(std::to_string(v.object.size()) + " entries, more than the " + std::to_string(kMaxVocab) + " this engine accepts");
  t.vocab_.reserve(v.object.size());
  for (const auto& kv : v.object) t.add_token(path, vocab.field + "[\"" + kv.first + "\"]", kv.first, JsonField{&kv.second, path, vocab.field + "[\"" + kv.first + "\"]"}.integer(0, INT32_MAX));
  if (model.at("continuing_subword_prefix").present()) t.cfg_.continuing_prefix = model.at("continuing_subword_prefix").str();
  if (model.at("max_input_chars_per_word").present()) t.cfg_.max_input_chars_per_word = model.at("max_input_chars_per_word").integer(1, 1 << 20);

  const JsonField norm = root.at("normalizer");
  if (!norm.present()) {
    t.cfg_.clean_text = t.cfg_.handle_chinese_chars = t.cfg_.strip_accents = t.cfg_.lowercase = false;
  } else {
    norm.object();
    if (norm.at("type").str() != "BertNormalizer") norm.at("type").fail("\"" + norm.at("type").str() + "\" is not supported (only BertNormalizer)");
    t.cfg_.clean_text = norm.at("clean_text").boolean();
    t.cfg_.handle_chinese_chars = norm.at("handle_chinese_chars").boolean();
    t.cfg_.lowercase = norm.at("lowercase").boolean();
    t.cfg_.strip_accents = norm.at("strip_accents").present() ? norm.at("strip_accents").boolean() : t.cfg_.lowercase;
  }
  const JsonField pre = root.at("pre_tokenizer");
  if (pre.at("type").str() != "BertPreTokenizer") pre.at("type").fail("\"" + pre.at("type").str() + "\" is not supported (only BertPreTokenizer)");

  // [CLS] $A [SEP]: BertProcessing {cls: [token, id], sep: [token, id]} or the equivalent TemplateProcessing
  const JsonField post = root.at("post_processor");
  std::string cls, sep;
  const std::string post_type = post.at("type").str();
  if (post_type == "BertProcessing") {
    auto token = [&](const char* key) {
      const Json& pair = post.at(key).array();
      return JsonField{pair.array.empty() ? nullptr : &pair.array[0], path, post.field + "." + key + "[0]"}.str();
    };
    cls = token("cls"), sep = token("sep");
  } else if (post_type == "TemplateProcessing") {
    const JsonField single = post.at("single");
    const Json& items = single.array();
    auto piece = [&](size_t i, const char* kind) {
      const JsonField item{i < items.array.size() ? &items.array[i] : nullptr, path, single.field + "[" + std::to_string(i) + "]"};
      return item.at(kind).at("id").str();
    };
    if (items.array.size() != 3 || piece(1, "Sequence") != "A") single.fail("expected [CLS] $A [SEP] (three pieces, the sequence in the middle)");
    cls = piece(0, "SpecialToken"), sep = piece(2, "SpecialToken");
  } else {
    post.at("type").fail("\"" + post_type + "\" is not supported (BertProcessing or TemplateProcessing)");
  }

  const JsonField added = root.at("added_tokens");
  if (added.present()) {
    const Json& list = added.array();
    for (size_t i = 0; i < list.array.size(); i++) {
      const JsonField a{&list.array[i], path, added.field + "[" + std::to_string(i) + "]"};
      if (a.at("normalized").boolean() || a.at("single_word").boolean() || a.at("lstrip").boolean() || a.at("rstrip").boolean())
        a.fail("only added tokens matched as they are (normalized, single_word, lstrip, rstrip all false) are supported");
      const std::string content = a.at("content").str();
      const int64_t id = a.at("id").integer(0, INT32_MAX);
      t.add_token(path, a.field + ".id", content, id);
      if (!content.empty()) t.added_.push_back({code_points(content), (int32_t)id});
    }
  }
  t.finish(path, model.at("unk_token").str(), cls, sep);
  return t;
}

Tokenizer Tokenizer::from_vocab_txt(const std::string& vocab_path, const std::string& config_path) {
  std::ifstream in(vocab_path, std::ios::binary);
  if (!in) throw std::invalid_argument(vocab_path + ": cannot read: missing or unreadable");
  Tokenizer t;
  std::string line;
  int64_t index = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (index >= kMaxVocab)
      throw std::invalid_argument(vocab_path + ": vocabulary: more than the " + std::to_string(kMaxVocab) + " entries this engine accepts");
    t.add_token(vocab_path, "line " + std::to_string(index + 1), line, index);
    index++;
  }
  Json cfg;  // tokenizer_config.json is optional: BERT's defaults without it
  std::ifstream probe(config_path);
  if (probe) cfg = read_json_file(config_path);
  const JsonField c = root_field(cfg, config_path);
  if (cfg.type != Json::Type::null) c.object();
  t.cfg_.lowercase = c.at("do_lower_case").present() ? c.at("do_lower_case").boolean() : true;
  t.cfg_.strip_accents = c.at("strip_accents").present() ? c.at("strip_accents").boolean() : t.cfg_.lowercase;
  t.cfg_.handle_chinese_chars = c.at("tokenize_chinese_chars").present() ? c.at("tokenize_chinese_chars").boolean() : true;
  const std::string unk = token_setting(c.at("unk_token"), "[UNK]"), cls = token_setting(c.at("cls_token"), "[CLS]"),
                    sep = token_setting(c.at("sep_token"), "[SEP]"), pad = token_setting(c.at("pad_token"), "[PAD]"),
                    mask = token_setting(c.at("mask_token"), "[MASK]");
  for (const std::string* special : {&unk, &sep, &pad, &cls, &mask}) {
    const auto it = t.vocab_.find(*special);
    if (it != t.vocab_.end()) t.added_.push_back({code_points(*special), it->second});
  }
  t.finish(vocab_path, unk, cls, sep);
  return t;
}

void Tokenizer::encode_words(std::vector<int32_t>& ids, const char* utf8, size_t n) const {
  const std::vector<uint32_t> text = utf8_decode(utf8, n);
  // split on added tokens (leftmost, longest at a position), normalizing only the text between them
  std::vector<uint32_t> segment;
  for (size_t i = 0; i < text.size();) {
    const Added* hit = nullptr;
    for (const Added& a : added_)
      if ((!hit || a.text.size() > hit->text.size()) && a.text.size() <= text.size() - i && std::equal(a.text.begin(), a.text.end(), text.begin() + i))
        hit = &a;
    if (!hit) {
      segment.push_back(text[i++]);
      continue;
    }
    normalized_words(ids, segment);
    segment.clear();
    ids.push_back(hit->id);
    i += hit->text.size();
  }
  normalized_words(ids, segment);
}

void Tokenizer::normalized_words(std::vector<int32_t>& ids, const std::vector<uint32_t>& text) const {
  if (text.empty()) return;
  std::vector<uint32_t> s;
  s.reserve(text.size());
  for (uint32_t c : text) {
    if (cfg_.clean_text) {
      if (c == 0 || c == 0xFFFD || is_control(c)) continue;
      if (is_bert_whitespace(c)) c = ' ';
    }
    if (cfg_.handle_chinese_chars && is_chinese_char(c)) {
      s.push_back(' '), s.push_back(c), s.push_back(' ');
    } else {
      s.push_back(c);
    }
  }
  if (cfg_.strip_accents) {
    std::vector<uint32_t> d;
    nfd(d, s);
    s.clear();
    for (uint32_t c : d)
      if (!is_mark_nonspacing(c)) s.push_back(c);
  }
  if (cfg_.lowercase) {
    std::vector<uint32_t> low;
    low.reserve(s.size());
    for (uint32_t c : s) to_lower(low, c);
    s.swap(low);
  }
  // pre-tokenize: white space separates words and is dropped; punctuation is a word of its own
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); i++) {
    const bool end = i == s.size();
    const bool space = !end && is_white_space(s[i]);
    const bool punct = !end && !space && is_bert_punctuation(s[i]);
    if (end || space || punct) {
      if (i > start) wordpiece(ids, s.data() + start, i - start);
      if (punct) wordpiece(ids, s.data() + i, 1);
      start = i + 1;
    }
  }
}

void Tokenizer::wordpiece(std::vector<int32_t>& ids, const uint32_t* word, size_t n) const {
  if ((int64_t)n > cfg_.max_input_chars_per_word) {
    ids.push_back(unk_);
    return;
  }
  // byte offset of each character in the word's UTF-8
  std::string utf8;
  std::vector<size_t> at(n + 1);
  for (size_t i = 0; i < n; i++) at[i] = utf8.size(), utf8_append(utf8, word[i]);
  at[n] = utf8.size();
  const size_t first = ids.size();
  std::string piece;
  for (size_t start = 0; start < n;) {
    size_t end = n;
    int32_t id = -1;
    for (; end > start; end--) {
      piece.assign(start ? cfg_.continuing_prefix : std::string());
      piece.append(utf8, at[start], at[end] - at[start]);
      const auto it = vocab_.find(piece);
      if (it != vocab_.end()) {
        id = it->second;
        break;
      }
    }
    if (id < 0) {
      ids.resize(first);
      ids.push_back(unk_);
      return;
    }
    ids.push_back(id);
    start = end;
  }
}

}  // namespace rung::encoder
