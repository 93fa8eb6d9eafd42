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

// Reductions below keep kLanes interleaved partial sums (lane l adds elements j ≡ l mod kLanes), a fixed order that
// the compiler vectorizes without -ffast-math's license to reassociate; the tail goes to lane 0.
constexpr int kLanes = 16;

// y = LayerNorm(x) · g + b over one row of H (x and y may alias); statistics in double.
__attribute__((target_clones("avx512f", "avx2", "default"))) void layer_norm(float* y, const float* x, const float* g, const float* b, int64_t H,
                                                                               double eps) {
  double sum[kLanes] = {}, sq[kLanes] = {};
  int64_t j = 0;
  for (; j + kLanes <= H; j += kLanes)
    for (int l = 0; l < kLanes; l++) sum[l] += x[j + l];
  for (; j < H; j++) sum[0] += x[j];
  double mean = 0;
  for (int l = 0; l < kLanes; l++) mean += sum[l];
  mean /= (double)H;
  for (j = 0; j + kLanes <= H; j += kLanes)
    for (int l = 0; l < kLanes; l++) sq[l] += (x[j + l] - mean) * (x[j + l] - mean);
  for (; j < H; j++) sq[0] += (x[j] - mean) * (x[j] - mean);
  double var = 0;
  for (int l = 0; l < kLanes; l++) var += sq[l];
  const float m = (float)mean, inv = (float)(1.0 / std::sqrt(var / (double)H + eps));
  for (j = 0; j < H; j++) y[j] = (x[j] - m) * inv * g[j] + b[j];
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
  float top[kLanes], sum[kLanes] = {};
  for (int l = 0; l < kLanes; l++) top[l] = row[0];
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int l = 0; l < kLanes; l++) top[l] = std::max(top[l], row[j + l]);
  for (; j < n; j++) top[0] = std::max(top[0], row[j]);
  float m = top[0];
  for (int l = 1; l < kLanes; l++) m = std::max(m, top[l]);
  m *= scale;
  for (j = 0; j + kLanes <= n; j += kLanes)
    for (int l = 0; l < kLanes; l++) {
      row[j + l] = fast_exp(row[j + l] * scale - m);
      sum[l] += row[j + l];
    }
  for (; j < n; j++) {
    row[j] = fast_exp(row[j] * scale - m);
    sum[0] += row[j];
  }
  float total = 0;
  for (int l = 0; l < kLanes; l++) total += sum[l];
  const float inv = 1.0f / total;
  for (j = 0; j < n; j++) row[j] *= inv;
}

// row += bias, then += res when res is given.
__attribute__((target_clones("avx512f", "avx2", "default"))) void add_bias(float* row, const float* bias, const float* res, int64_t n) {
  if (res) {
    for (int64_t j = 0; j < n; j++) row[j] = row[j] + bias[j] + res[j];
  } else {
    for (int64_t j = 0; j < n; j++) row[j] += bias[j];
  }
}

// What a GEMM's epilogue does to each finished row r of c (n columns): c[r] += bias; then either c[r] = gelu(c[r]),
// or, with residual, residual[r] = LayerNorm(c[r] + residual[r]) (the post-LN sublayer output); never both.
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
        continue;
      }
      float* res = op.residual ? op.residual + r * op.n : nullptr;
      add_bias(row, op.bias, res, op.n);
      if (res) layer_norm(res, row, op.g, op.b, op.n, op.eps);
    }
  }
};

void linear(float* y, const float* x, int64_t T, int64_t in, int64_t out, const float* w, int threads, const RowOp& op) {
  const GemmEpilogue epi{RowOp::run, (void*)&op};
  sgemm(T, out, in, MatA{x, in, nullptr, false}, w, out, y, out, false, threads, &epi);
}

// Attention's two products run on 8 × 16 register tiles (8 query rows; 16 key columns, or 16 head dimensions):
// tile rows r < 8 at out[r · ldo], out[r][0:16) = Σ_k a[r][k] · b[k · ldb + 0:16) for k < K. Eight accumulators of
// 16 lanes, one B vector and eight broadcasts per k.
typedef float v16 __attribute__((vector_size(64)));
inline void tile8x16(float* out, int64_t ldo, const float* const a[8], const float* b, int64_t ldb, int64_t K) {
  v16 acc[8] = {};
  for (int64_t k = 0; k < K; k++) {
    v16 bv;
    std::memcpy(&bv, b + k * ldb, sizeof bv);
#pragma GCC unroll 8
    for (int r = 0; r < 8; r++) acc[r] += a[r][k] * bv;
  }
  for (int r = 0; r < 8; r++) std::memcpy(out + r * ldo, &acc[r], sizeof(v16));
}

// Floats attend_head needs in buf for n tokens and head size d (np, dp: n and d rounded up to 16).
int64_t attend_head_floats(int64_t n, int64_t d) {
  const int64_t np = (n + 15) / 16 * 16, dp = (d + 15) / 16 * 16;
  return d * np + 8 * np + n * dp;
}

// One head of one sequence of n tokens: ctx_i = Σ_j softmax_j(q_i · k_j · scale) v_j, with q, k, v rows at stride ld
// and ctx rows at stride ldc. buf: kt (d × np, keys transposed, zero past n) | p (8 × np, a block's scores) |
// vp (n × dp, values, zero past d). Query blocks of 8 rows; a last, shorter block repeats its last row.
__attribute__((target_clones("avx512f", "avx2", "default"))) void attend_head(float* ctx, int64_t ldc, const float* q, const float* k, const float* v,
                                                                                int64_t ld, int64_t n, int64_t d, float scale, float* buf) {
  const int64_t np = (n + 15) / 16 * 16, dp = (d + 15) / 16 * 16;
  float* kt = buf;
  float* p = kt + d * np;
  float* vp = p + 8 * np;
  for (int64_t c = 0; c < d; c++)
    for (int64_t j = 0; j < np; j++) kt[c * np + j] = j < n ? k[j * ld + c] : 0.0f;
  for (int64_t j = 0; j < n; j++)
    for (int64_t c = 0; c < dp; c++) vp[j * dp + c] = c < d ? v[j * ld + c] : 0.0f;
  for (int64_t i0 = 0; i0 < n; i0 += 8) {
    const int64_t m = std::min<int64_t>(8, n - i0);
    const float* rows[8];
    for (int r = 0; r < 8; r++) rows[r] = q + (i0 + std::min<int64_t>(r, m - 1)) * ld;
    for (int64_t j = 0; j < np; j += 16) tile8x16(p + j, np, rows, kt + j, np, d);  // p[r][j] = q_r · k_j
    for (int64_t r = 0; r < m; r++) softmax_scaled(p + r * np, n, scale);
    for (int r = 0; r < 8; r++) rows[r] = p + std::min<int64_t>(r, m - 1) * np;
    for (int64_t c = 0; c < dp; c += 16) {
      float tile[8 * 16];
      tile8x16(tile, 16, rows, vp + c, dp, n);  // tile[r][0:16) = Σ_j p[r][j] · v_j[c : c + 16)
      for (int64_t r = 0; r < m; r++) std::memcpy(ctx + (i0 + r) * ldc + c, tile + r * 16, sizeof(float) * (size_t)std::min<int64_t>(16, d - c));
    }
  }
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
    if ((int64_t)buf.size() < attend_head_floats(max_n, d)) buf.resize(attend_head_floats(max_n, d));
#pragma omp for schedule(dynamic)
    for (int64_t task = 0; task < S * A; task++) {
      const int64_t s = task / A, h = task % A, o = offsets[s];
      const float* q = qkv + o * ld + h * d;
      attend_head(ctx + o * H + h * d, H, q, q + H, q + 2 * H, ld, offsets[s + 1] - o, d, scale, buf.data());
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
