// BERT configuration and weights loading, and the FP32 CPU forward pass (see bert.h for the shape legend).
#include "bert.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "engine/gemm.h"
#include "json.h"
#include "tokenizer.h"

namespace rung::encoder {

BertConfig read_bert_config(const std::string& path) {
  const Json doc = read_json_file(path);
  const JsonField root = root_field(doc, path);
  root.object();
  const std::string type = root.at("model_type").str();
  if (type != "bert") root.at("model_type").fail("\"" + type + "\" is not supported (the BERT family only: model_type \"bert\", BertModel)");
  if (root.at("architectures").present()) {
    const Json& list = root.at("architectures").array();
    for (size_t i = 0; i < list.array.size(); i++) {
      const JsonField a{&list.array[i], path, "architectures[" + std::to_string(i) + "]"};
      if (a.str().rfind("Bert", 0) != 0) a.fail("\"" + a.str() + "\" is not supported (the BERT family only: BertModel)");
    }
  }
  if (root.at("hidden_act").present() && root.at("hidden_act").str() != "gelu")
    root.at("hidden_act").fail("\"" + root.at("hidden_act").str() + "\" is not supported (gelu)");
  if (root.at("position_embedding_type").present() && root.at("position_embedding_type").str() != "absolute")
    root.at("position_embedding_type").fail("\"" + root.at("position_embedding_type").str() + "\" is not supported (absolute)");
  BertConfig c;
  const JsonField vocab = root.at("vocab_size");
  c.vocab = vocab.integer(1, INT64_C(1) << 40);
  if (c.vocab > kMaxVocab) vocab.fail(std::to_string(c.vocab) + " entries, more than the " + std::to_string(kMaxVocab) + " this engine accepts");
  c.hidden = root.at("hidden_size").integer(1, 16384);
  c.layers = root.at("num_hidden_layers").integer(1, 256);
  c.heads = root.at("num_attention_heads").integer(1, c.hidden);
  if (c.hidden % c.heads) root.at("num_attention_heads").fail(std::to_string(c.heads) + " does not divide hidden_size " + std::to_string(c.hidden));
  c.intermediate = root.at("intermediate_size").integer(1, 65536);
  c.max_positions = root.at("max_position_embeddings").integer(3, 65536);
  c.type_vocab = root.at("type_vocab_size").present() ? root.at("type_vocab_size").integer(1, 1024) : 2;
  if (root.at("layer_norm_eps").present()) {
    c.layer_norm_eps = root.at("layer_norm_eps").number();
    if (!(c.layer_norm_eps > 0 && c.layer_norm_eps < 1)) root.at("layer_norm_eps").fail("expected a number in (0, 1)");
  }
  return c;
}

namespace {

// out[in × out] = the transpose of a PyTorch Linear weight w[out × in], written into columns [col, col + out) of a
// matrix with ld columns.
void put_transposed(std::vector<float>& dst, int64_t ld, int64_t col, const std::vector<float>& w, int64_t out, int64_t in) {
  for (int64_t o = 0; o < out; o++)
    for (int64_t i = 0; i < in; i++) dst[i * ld + col + o] = w[o * in + i];
}

}  // namespace

BertWeights load_bert_weights(const SafetensorsFile& file, const BertConfig& c) {
  const std::string prefix = file.has("embeddings.word_embeddings.weight") || !file.has("bert.embeddings.word_embeddings.weight") ? "" : "bert.";
  const int64_t H = c.hidden, I = c.intermediate;
  const std::string why = "config.json";
  auto get = [&](const std::string& name, std::vector<int64_t> shape) { return file.floats(prefix + name, shape, why); };
  BertWeights w;
  w.word = get("embeddings.word_embeddings.weight", {c.vocab, H});
  w.position = get("embeddings.position_embeddings.weight", {c.max_positions, H});
  w.token_type0 = get("embeddings.token_type_embeddings.weight", {c.type_vocab, H});
  w.token_type0.resize(H);
  w.ln_g = get("embeddings.LayerNorm.weight", {H});
  w.ln_b = get("embeddings.LayerNorm.bias", {H});
  for (int64_t l = 0; l < c.layers; l++) {
    const std::string p = "encoder.layer." + std::to_string(l) + ".";
    BertLayer L;
    L.wqkv.resize(H * 3 * H);
    L.bqkv.resize(3 * H);
    const char* qkv[3] = {"query", "key", "value"};
    for (int k = 0; k < 3; k++) {
      put_transposed(L.wqkv, 3 * H, k * H, get(p + "attention.self." + qkv[k] + ".weight", {H, H}), H, H);
      const std::vector<float> b = get(p + "attention.self." + qkv[k] + ".bias", {H});
      std::copy(b.begin(), b.end(), L.bqkv.begin() + k * H);
    }
    L.wo.resize(H * H);
    put_transposed(L.wo, H, 0, get(p + "attention.output.dense.weight", {H, H}), H, H);
    L.bo = get(p + "attention.output.dense.bias", {H});
    L.ln1_g = get(p + "attention.output.LayerNorm.weight", {H});
    L.ln1_b = get(p + "attention.output.LayerNorm.bias", {H});
    L.w1.resize(H * I);
    put_transposed(L.w1, I, 0, get(p + "intermediate.dense.weight", {I, H}), I, H);
    L.b1 = get(p + "intermediate.dense.bias", {I});
    L.w2.resize(I * H);
    put_transposed(L.w2, H, 0, get(p + "output.dense.weight", {H, I}), H, I);
    L.b2 = get(p + "output.dense.bias", {H});
    L.ln2_g = get(p + "output.LayerNorm.weight", {H});
    L.ln2_b = get(p + "output.LayerNorm.bias", {H});
    w.layers.push_back(std::move(L));
  }
  return w;
}

namespace {

// y = LayerNorm(x) · g + b over one row of H (x and y may alias); statistics in double.
void layer_norm(float* y, const float* x, const float* g, const float* b, int64_t H, double eps) {
  double mean = 0, var = 0;
  for (int64_t j = 0; j < H; j++) mean += x[j];
  mean /= (double)H;
  for (int64_t j = 0; j < H; j++) var += (x[j] - mean) * (x[j] - mean);
  const double inv = 1.0 / std::sqrt(var / (double)H + eps);
  for (int64_t j = 0; j < H; j++) y[j] = (float)((x[j] - mean) * inv) * g[j] + b[j];
}

// e^x to about 1 ulp (Cephes' expf: x = n ln 2 + r, a degree-6 polynomial in r, 2^n from the exponent bits), written
// without branches or calls so that loops over it vectorize; x is clamped to [-87, 88].
inline float fast_exp(float x) {
  x = std::min(88.0f, std::max(-87.0f, x));
  const float t = x * 1.44269504088896341f + 12582912.0f;  // + 1.5·2^23 rounds x·log2(e) to an integer n in t's low bits
  const float n = t - 12582912.0f;
  int32_t bits;
  std::memcpy(&bits, &t, 4);
  const float r = x - n * 0.693359375f - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const uint32_t scale_bits = (uint32_t)(bits - 0x4B400000 + 127) << 23;  // 2^n
  float scale;
  std::memcpy(&scale, &scale_bits, 4);
  return (p * r * r + r + 1.0f) * scale;
}

// erf(x) within 1e-7 (a rational approximation, odd degree 13 over even degree 8, on x clamped to [-4, 4]; as
// Eigen's and XLA's float erf), vectorizable.
inline float fast_erf(float x) {
  x = std::min(4.0f, std::max(-4.0f, x));
  const float x2 = x * x;
  float p = -2.72614225801306e-10f;
  p = p * x2 + 2.77068142495902e-08f;
  p = p * x2 + -2.10102402082508e-06f;
  p = p * x2 + -5.69250639462346e-05f;
  p = p * x2 + -7.34990630326855e-04f;
  p = p * x2 + -2.95459980854025e-03f;
  p = p * x2 + -1.60960333262415e-02f;
  float q = -1.45660718464996e-05f;
  q = q * x2 + -2.13374055278905e-04f;
  q = q * x2 + -1.68282697438203e-03f;
  q = q * x2 + -7.37332916720468e-03f;
  q = q * x2 + -1.42647390514189e-02f;
  return x * p / q;
}

// row = gelu(row + bias), GELU in its erf form (Hugging Face's "gelu"): x/2 · (1 + erf(x/√2)).
__attribute__((target_clones("avx512f", "avx2", "default"))) void bias_gelu(float* row, const float* bias, int64_t n) {
  for (int64_t j = 0; j < n; j++) {
    const float x = row[j] + bias[j];
    row[j] = 0.5f * x * (1.0f + fast_erf(x * 0.70710678118654752f));
  }
}

// row = softmax(row · scale).
__attribute__((target_clones("avx512f", "avx2", "default"))) void softmax_scaled(float* row, int64_t n, float scale) {
  float m = row[0];
  for (int64_t j = 1; j < n; j++) m = std::max(m, row[j]);
  m *= scale;
  for (int64_t j = 0; j < n; j++) row[j] = fast_exp(row[j] * scale - m);
  float sum = 0;
  for (int64_t j = 0; j < n; j++) sum += row[j];
  const float inv = 1.0f / sum;
  for (int64_t j = 0; j < n; j++) row[j] *= inv;
}

// What a GEMM's epilogue does to each finished row r of c (n columns): c[r] += bias; then either c[r] = gelu(c[r]),
// or, with residual, residual[r] = LayerNorm(c[r] + residual[r]) (the post-LN sublayer output).
struct RowOp {
  float* c;
  int64_t n;
  const float* bias;
  bool apply_gelu;
  float* residual;
  const float *g, *b;
  double eps;
  static void run(void* ctx, int64_t i0, int64_t i1) {
    const RowOp& op = *(const RowOp*)ctx;
    for (int64_t r = i0; r < i1; r++) {
      float* row = op.c + r * op.n;
      if (op.apply_gelu) {
        bias_gelu(row, op.bias, op.n);
      } else {
        for (int64_t j = 0; j < op.n; j++) row[j] += op.bias[j];
      }
      if (op.residual) {
        float* res = op.residual + r * op.n;
        for (int64_t j = 0; j < op.n; j++) row[j] += res[j];
        layer_norm(res, row, op.g, op.b, op.n, op.eps);
      }
    }
  }
};

void linear(float* y, const float* x, int64_t T, int64_t in, int64_t out, const float* w, int threads, const RowOp& op) {
  const GemmEpilogue epi{RowOp::run, (void*)&op};
  sgemm(T, out, in, MatA{x, in, nullptr, false}, w, out, y, out, false, threads, &epi);
}

// ctx[T × H] = softmax(Q Kᵀ / √d) V per sequence and head, from qkv[T × 3H] = [Q | K | V].
void attention(float* ctx, const float* qkv, const int64_t* offsets, int64_t S, int64_t H, int64_t A, int threads, BertScratch& scratch) {
  const int64_t d = H / A, ld = 3 * H;
  const float scale = 1.0f / std::sqrt((float)d);
  int64_t max_n = 0;
  for (int64_t s = 0; s < S; s++) max_n = std::max(max_n, offsets[s + 1] - offsets[s]);
  scratch.attn.resize(threads);
#pragma omp parallel num_threads(threads)
  {
    std::vector<float>& buf = scratch.attn[omp_get_thread_num()];
    if ((int64_t)buf.size() < max_n * max_n + d * max_n) buf.resize(max_n * max_n + d * max_n);
#pragma omp for schedule(dynamic)
    for (int64_t task = 0; task < S * A; task++) {
      const int64_t s = task / A, h = task % A, o = offsets[s], n = offsets[s + 1] - o;
      const float* q = qkv + o * ld + h * d;
      const float* k = q + H;
      const float* v = q + 2 * H;
      float* scores = buf.data();        // n × n
      float* kt = buf.data() + n * n;    // d × n: this head's keys, transposed
      for (int64_t j = 0; j < n; j++)
        for (int64_t c = 0; c < d; c++) kt[c * n + j] = k[j * ld + c];
      sgemm(n, n, d, MatA{q, ld, nullptr, false}, kt, n, scores, n, false, 1);
      for (int64_t i = 0; i < n; i++) softmax_scaled(scores + i * n, n, scale);
      sgemm(n, d, n, MatA{scores, n, nullptr, false}, v, ld, ctx + o * H + h * d, H, false, 1);
    }
  }
}

}  // namespace

void bert_forward(float* hidden, const BertConfig& cfg, const BertWeights& w, const int32_t* ids, const int64_t* offsets, int64_t S, int threads,
                  BertScratch& scratch) {
  const int64_t H = cfg.hidden, I = cfg.intermediate, T = offsets[S];
  const double eps = cfg.layer_norm_eps;
  scratch.qkv.resize(T * 3 * H);
  scratch.ctx.resize(T * H);
  scratch.tmp.resize(T * H);
  scratch.inter.resize(T * I);
  // embeddings: hidden[t] = LayerNorm(word[id] + position[p] + token_type[0])
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t s = 0; s < S; s++)
    for (int64_t t = offsets[s]; t < offsets[s + 1]; t++) {
      float* x = hidden + t * H;
      const float* word = w.word.data() + (int64_t)ids[t] * H;
      const float* pos = w.position.data() + (t - offsets[s]) * H;
      for (int64_t j = 0; j < H; j++) x[j] = word[j] + pos[j] + w.token_type0[j];
      layer_norm(x, x, w.ln_g.data(), w.ln_b.data(), H, eps);
    }
  for (const BertLayer& L : w.layers) {
    // qkv[T × 3H] = hidden · Wqkv + bqkv
    linear(scratch.qkv.data(), hidden, T, H, 3 * H, L.wqkv.data(), threads, RowOp{scratch.qkv.data(), 3 * H, L.bqkv.data(), false, nullptr, nullptr, nullptr, 0});
    attention(scratch.ctx.data(), scratch.qkv.data(), offsets, S, H, cfg.heads, threads, scratch);
    // hidden = LayerNorm(ctx · Wo + bo + hidden)
    linear(scratch.tmp.data(), scratch.ctx.data(), T, H, H, L.wo.data(), threads,
           RowOp{scratch.tmp.data(), H, L.bo.data(), false, hidden, L.ln1_g.data(), L.ln1_b.data(), eps});
    // inter[T × I] = gelu(hidden · W1 + b1); hidden = LayerNorm(inter · W2 + b2 + hidden)
    linear(scratch.inter.data(), hidden, T, H, I, L.w1.data(), threads, RowOp{scratch.inter.data(), I, L.b1.data(), true, nullptr, nullptr, nullptr, 0});
    linear(scratch.tmp.data(), scratch.inter.data(), T, I, H, L.w2.data(), threads,
           RowOp{scratch.tmp.data(), H, L.b2.data(), false, hidden, L.ln2_g.data(), L.ln2_b.data(), eps});
  }
}

}  // namespace rung::encoder
