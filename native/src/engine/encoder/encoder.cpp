// Loading an encoder folder (files, consistency between them) and encoding texts: tokenize, cut into windows,
// forward in length-sorted batches, pool, average each text's windows, normalize when the model does.
#include "encoder.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/train.h"
#include "json.h"

namespace rung::encoder {

namespace {

bool is_file(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}
bool is_dir(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The sentence-transformers modules.json: the Pooling module's folder and whether a Normalize module follows.
void read_modules(const std::string& path, std::string& pooling_dir, bool& normalize) {
  const Json doc = read_json_file(path);
  const JsonField root = root_field(doc, path);
  const Json& list = root.array();
  for (size_t i = 0; i < list.array.size(); i++) {
    const JsonField m{&list.array[i], path, "[" + std::to_string(i) + "]"};
    const std::string type = m.at("type").str();
    if (type == "sentence_transformers.models.Pooling") pooling_dir = m.at("path").str();
    if (type == "sentence_transformers.models.Normalize") normalize = true;
  }
}

Pooling read_pooling(const std::string& path, int64_t hidden) {
  const Json doc = read_json_file(path);
  const JsonField root = root_field(doc, path);
  root.object();
  const JsonField dim = root.at("word_embedding_dimension");
  if (dim.present() && dim.integer(1, INT32_MAX) != hidden)
    dim.fail(std::to_string(dim.integer(1, INT32_MAX)) + " contradicts config.json hidden_size " + std::to_string(hidden));
  for (const char* other : {"pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"})
    if (root.at(other).present() && root.at(other).boolean()) root.at(other).fail("true is not supported (mean or CLS pooling only)");
  const bool cls = root.at("pooling_mode_cls_token").present() && root.at("pooling_mode_cls_token").boolean();
  const bool mean = root.at("pooling_mode_mean_tokens").present() && root.at("pooling_mode_mean_tokens").boolean();
  if (cls && mean) root.at("pooling_mode_cls_token").fail("true together with pooling_mode_mean_tokens: one pooling mode only");
  if (!cls && !mean) root.at("pooling_mode_mean_tokens").fail("no pooling mode is true (expected pooling_mode_mean_tokens or pooling_mode_cls_token)");
  return cls ? Pooling::cls : Pooling::mean;
}

}  // namespace

void windows_of(std::vector<Window>& out, int64_t text, int64_t n, int64_t w) {
  if (n <= w) {
    out.push_back({text, 0, n});
    return;
  }
  const int64_t stride = std::max<int64_t>(1, w / 2);
  for (int64_t k = 0;; k++) {
    const int64_t start = std::min(k * stride, n - w);
    out.push_back({text, start, w});
    if (start == n - w) return;
  }
}

std::shared_ptr<const Encoder> Encoder::load(const std::string& folder) {
  std::string dir = folder;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (!is_dir(dir)) throw std::invalid_argument(dir + ": not a folder (expected a Hugging Face model folder)");
  auto e = std::make_shared<Encoder>();
  EncoderInfo& info = e->info_;
  info.name = dir.substr(dir.find_last_of('/') == std::string::npos ? 0 : dir.find_last_of('/') + 1);
  info.architecture = "BertModel";
  info.config = read_bert_config(dir + "/config.json");
  const BertConfig& c = info.config;

  if (is_file(dir + "/tokenizer.json")) {
    e->tokenizer_ = Tokenizer::from_tokenizer_json(dir + "/tokenizer.json");
    info.tokenizer_file = "tokenizer.json";
  } else if (is_file(dir + "/vocab.txt")) {
    e->tokenizer_ = Tokenizer::from_vocab_txt(dir + "/vocab.txt", dir + "/tokenizer_config.json");
    info.tokenizer_file = "vocab.txt";
  } else {
    throw std::invalid_argument(dir + "/tokenizer.json: missing (and no vocab.txt either)");
  }
  info.vocab_size = e->tokenizer_.vocab_size();
  if (e->tokenizer_.max_id() >= c.vocab)
    throw std::invalid_argument(dir + "/" + info.tokenizer_file + ": vocabulary: id " + std::to_string(e->tokenizer_.max_id()) +
                                " is past config.json vocab_size " + std::to_string(c.vocab));

  std::string pooling_dir = "1_Pooling";
  if (is_file(dir + "/modules.json")) read_modules(dir + "/modules.json", pooling_dir, info.normalize);
  if (is_file(dir + "/" + pooling_dir + "/config.json")) info.pooling = read_pooling(dir + "/" + pooling_dir + "/config.json", c.hidden);
  info.window = c.max_positions;
  if (is_file(dir + "/sentence_bert_config.json")) {
    const std::string path = dir + "/sentence_bert_config.json";
    const Json doc = read_json_file(path);
    const JsonField len = root_field(doc, path).at("max_seq_length");
    if (len.present()) info.window = std::min(c.max_positions, len.integer(3, INT32_MAX));
  }

  const SafetensorsFile st = SafetensorsFile::read(dir + "/model.safetensors");
  info.checksum = st.sha256_hex();
  info.model_bytes = st.size();
  e->weights_ = load_bert_weights(st, c);
  return e;
}

std::vector<int32_t> Encoder::tokenize(const char* utf8, size_t n) const {
  std::vector<int32_t> ids{tokenizer_.cls_id()};
  tokenizer_.encode_words(ids, utf8, n);
  ids.push_back(tokenizer_.sep_id());
  return ids;
}

void Encoder::encode(float* out, const std::vector<std::string>& texts, int64_t batch_size, int threads, const std::atomic<bool>* cancel,
                     const std::function<void(int64_t, int64_t)>& progress) const {
  const int64_t N = (int64_t)texts.size(), H = info_.config.hidden, W = info_.window - 2;
  if (batch_size < 1) throw std::invalid_argument("batchSize must be at least 1");
  std::vector<std::vector<int32_t>> pieces(N);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
  for (int64_t i = 0; i < N; i++) tokenizer_.encode_words(pieces[i], texts[i].data(), texts[i].size());
  std::vector<Window> wins;
  for (int64_t i = 0; i < N; i++) windows_of(wins, i, (int64_t)pieces[i].size(), W);
  // longest first, so each batch holds windows of similar lengths and the largest buffers are sized at once
  std::stable_sort(wins.begin(), wins.end(), [](const Window& a, const Window& b) { return a.length > b.length; });
  std::vector<int64_t> count(N, 0);
  std::fill(out, out + N * H, 0.0f);
  BertScratch scratch;
  std::vector<int32_t> ids;
  std::vector<int64_t> offsets;
  std::vector<float> hidden;
  const int64_t total = (int64_t)wins.size();
  for (int64_t b0 = 0; b0 < total; b0 += batch_size) {
    if (cancel && cancel->load()) throw Cancelled("encoding was cancelled");
    const int64_t b1 = std::min(total, b0 + batch_size);
    ids.clear();
    offsets.assign(1, 0);
    for (int64_t k = b0; k < b1; k++) {
      const Window& w = wins[k];
      ids.push_back(tokenizer_.cls_id());
      ids.insert(ids.end(), pieces[w.text].begin() + w.start, pieces[w.text].begin() + w.start + w.length);
      ids.push_back(tokenizer_.sep_id());
      offsets.push_back((int64_t)ids.size());
    }
    hidden.resize(ids.size() * H);
    bert_forward(hidden.data(), info_.config, weights_, ids.data(), offsets.data(), b1 - b0, threads, scratch);
    // pool each window (mean over its tokens, [CLS] and [SEP] included, or the [CLS] row) into its text's sum
    for (int64_t k = b0; k < b1; k++) {
      const int64_t o = offsets[k - b0], n = offsets[k - b0 + 1] - o;
      float* dst = out + wins[k].text * H;
      if (info_.pooling == Pooling::cls) {
        for (int64_t j = 0; j < H; j++) dst[j] += hidden[o * H + j];
      } else {
        for (int64_t j = 0; j < H; j++) {
          double s = 0;
          for (int64_t t = o; t < o + n; t++) s += hidden[t * H + j];
          dst[j] += (float)(s / (double)n);
        }
      }
      count[wins[k].text]++;
    }
    if (progress) progress(b1, total);
  }
  for (int64_t i = 0; i < N; i++) {
    float* v = out + i * H;
    for (int64_t j = 0; j < H; j++) v[j] /= (float)count[i];
    if (info_.normalize) {
      double norm = 0;
      for (int64_t j = 0; j < H; j++) norm += (double)v[j] * v[j];
      const float inv = (float)(1.0 / std::max(std::sqrt(norm), 1e-12));
      for (int64_t j = 0; j < H; j++) v[j] *= inv;
    }
  }
}

}  // namespace rung::encoder
