// Ensemble MLP forward/backward on the CPU: GEMM for dense first layers, row gathers for sparse ones,
// and column-partitioned reductions so every gradient is summed in one fixed order on any thread count.
#include "mlp.h"

#include <cmath>
#include <cstring>

#include "gemm.h"
#include "gemm_bf16.h"

namespace rung {

static constexpr float kGeluC = 0.7978845608028654f;  // sqrt(2/pi)

// y[0..n) += a·x[0..n): the sparse first layer's inner loop, cloned for AVX-512 / AVX2 / baseline.
__attribute__((target_clones("avx512f", "avx2", "default"))) static void axpy(float* y, float a, const float* x, int64_t n) {
  for (int64_t c = 0; c < n; c++) y[c] += a * x[c];
}

float activation_forward(Activation a, float x) {
  if (a == Activation::relu) return x > 0.0f ? x : 0.0f;
  const float u = kGeluC * (x + 0.044715f * x * x * x);
  return 0.5f * x * (1.0f + std::tanh(u));
}

float activation_backward(Activation a, float x) {
  if (a == Activation::relu) return x > 0.0f ? 1.0f : 0.0f;
  const float u = kGeluC * (x + 0.044715f * x * x * x), t = std::tanh(u);
  return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * kGeluC * (1.0f + 3.0f * 0.044715f * x * x);
}

// 16 floats, unaligned: the dot product below keeps 16 partial sums (added up in a fixed order at the end), so it
// vectorizes on any ISA (GCC lowers the type to what the clone has) and gives the same result on any thread count.
typedef float f16 __attribute__((vector_size(64), aligned(4)));

static inline float dot(const float* __restrict x, const float* __restrict y, int64_t n) {
  f16 acc = {};
  int64_t k = 0;
  for (; k + 16 <= n; k += 16) acc += *(const f16*)(x + k) * *(const f16*)(y + k);
  float s = 0.0f;
  for (int l = 0; l < 16; l++) s += acc[l];
  for (; k < n; k++) s += x[k] * y[k];
  return s;
}

// One item, after the first-layer GEMM: hpre += b1, act = f(hpre), r[m] = act[m·H ..]·w2[m·H ..] + b2[m]  (shapes: MH = M·H).
// Without act (scoring), hpre becomes f(hpre + b1) in place.
__attribute__((target_clones("avx512f", "avx2", "default")))
static void forward_row(float* __restrict r, float* act, float* hpre, const float* __restrict b1, const float* __restrict w2, const float* __restrict b2,
                        int64_t H, int64_t M, Activation a) {
  const int64_t MH = M * H;
  float* y = act ? act : hpre;
  if (a == Activation::relu) {
    for (int64_t c = 0; c < MH; c++) {
      const float h = hpre[c] + b1[c];
      if (act) hpre[c] = h;
      y[c] = h > 0.0f ? h : 0.0f;
    }
  } else {
    for (int64_t c = 0; c < MH; c++) {
      const float h = hpre[c] + b1[c];
      if (act) hpre[c] = h;
      y[c] = activation_forward(a, h);
    }
  }
  for (int64_t m = 0; m < M; m++) r[m] = b2[m] + dot(y + m * H, w2 + m * H, H);
}

// The layer after the first GEMM (forward_row) for items [i0, i1); also a GemmEpilogue, run as the GEMM finishes rows.
struct LayerRest {
  float *r, *act, *hpre;
  const Model& model;
  static void run(void* ctx, int64_t i0, int64_t i1) {
    const LayerRest& x = *static_cast<const LayerRest*>(ctx);
    const int64_t MH = x.model.mh(), M = x.model.cfg.members;
    for (int64_t i = i0; i < i1; i++)
      forward_row(x.r + i * M, x.act ? x.act + i * MH : nullptr, x.hpre + i * MH, x.model.b1.data(), x.model.w2.data(), x.model.b2.data(),
                  x.model.cfg.hidden, M, x.model.cfg.activation);
  }
};

void mlp_forward(float* r, float* act, float* hpre, const Model& model, const Items& items, const uint32_t* rows, int64_t n, int threads,
                 const PackedBf16* w1_bf16) {
  const int64_t MH = model.mh();
  LayerRest rest{r, act, hpre, model};
  const float* w1 = model.w1.data();
  if (items.sparse()) {
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t i = 0; i < n; i++) {
      float* h = hpre + i * MH;
      std::memset(h, 0, sizeof(float) * (size_t)MH);
      const uint32_t row = rows ? rows[i] : (uint32_t)i;
      for (uint32_t j = items.row_ptr[row]; j < items.row_ptr[row + 1]; j++) {
        axpy(h, items.val[j], w1 + (int64_t)items.col[j] * MH, MH);
      }
    }
  } else if (w1_bf16) {
    gemm_bf16_amx(n, MatA{items.dense, items.dim, rows, false}, *w1_bf16, hpre, MH, threads);
  } else {
    // FP32 dense: the rest of the layer runs on each block of rows as the GEMM finishes it, while it is in cache
    const GemmEpilogue epilogue{LayerRest::run, &rest};
    sgemm(n, MH, items.dim, MatA{items.dense, items.dim, rows, false}, w1, MH, hpre, MH, false, threads, &epilogue);
    return;
  }
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t i = 0; i < n; i++) LayerRest::run(&rest, i, i + 1);
}

// dw1 rows for a sparse batch: gathers, per touched feature row, the (item, value) entries in batch order,
// then sums val·dhpre[item] per row in parallel.
static void sparse_w1_backward(Grads& g, const float* dhpre, const Items& items, const uint32_t* rows, int64_t n, int64_t MH, int threads) {
  if ((int64_t)g.slot_of.size() != items.dim) g.slot_of.assign((size_t)items.dim, -1);
  g.w1_rows.clear();
  std::vector<uint32_t> count;
  for (int64_t i = 0; i < n; i++) {
    const uint32_t row = rows ? rows[i] : (uint32_t)i;
    for (uint32_t j = items.row_ptr[row]; j < items.row_ptr[row + 1]; j++) {
      int32_t& s = g.slot_of[items.col[j]];
      if (s < 0) {
        s = (int32_t)g.w1_rows.size();
        g.w1_rows.push_back(items.col[j]);
        count.push_back(0);
      }
      count[(size_t)s]++;
    }
  }
  const size_t R = g.w1_rows.size();
  g.entry_start.assign(R + 1, 0);
  for (size_t s = 0; s < R; s++) g.entry_start[s + 1] = g.entry_start[s] + count[s];
  g.entry_item.resize(g.entry_start[R]);
  g.entry_val.resize(g.entry_start[R]);
  std::vector<uint32_t> fill(g.entry_start.begin(), g.entry_start.end() - 1);
  for (int64_t i = 0; i < n; i++) {
    const uint32_t row = rows ? rows[i] : (uint32_t)i;
    for (uint32_t j = items.row_ptr[row]; j < items.row_ptr[row + 1]; j++) {
      const uint32_t e = fill[(size_t)g.slot_of[items.col[j]]]++;
      g.entry_item[e] = (uint32_t)i;
      g.entry_val[e] = items.val[j];
    }
  }
  g.dw1.resize(R * (size_t)MH);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
  for (int64_t s = 0; s < (int64_t)R; s++) {
    float* d = g.dw1.data() + s * MH;
    std::memset(d, 0, sizeof(float) * (size_t)MH);
    for (uint32_t e = g.entry_start[(size_t)s]; e < g.entry_start[(size_t)s + 1]; e++)
      axpy(d, g.entry_val[e], dhpre + (int64_t)g.entry_item[e] * MH, MH);
  }
  for (uint32_t row : g.w1_rows) g.slot_of[row] = -1;
}

// One item: dhpre = dr[m]·w2·f'(hpre) per member, and its terms of the column sums: db1 += dhpre, dw2 += dr[m]·act.
// ReLU: f'(hpre) = (act > 0), read from act, which the dw2 term reads anyway: one stream less than reading hpre.
__attribute__((target_clones("avx512f", "avx2", "default")))
static void backward_row(float* __restrict dhpre, float* __restrict db1, float* __restrict dw2, const float* __restrict dr, const float* __restrict act,
                         const float* __restrict hpre, const float* __restrict w2, int64_t H, int64_t M, Activation a) {
  for (int64_t m = 0; m < M; m++) {
    const float d = dr[m];
    const int64_t c0 = m * H, c1 = c0 + H;
    if (a == Activation::relu) {
      for (int64_t c = c0; c < c1; c++) dhpre[c] = act[c] > 0.0f ? d * w2[c] : 0.0f;
    } else {
      for (int64_t c = c0; c < c1; c++) dhpre[c] = d * w2[c] * activation_backward(a, hpre[c]);
    }
    for (int64_t c = c0; c < c1; c++) {
      db1[c] += dhpre[c];
      dw2[c] += d * act[c];
    }
  }
}

void mlp_backward(Grads& g, float* dhpre, const float* dr, const float* act, const float* hpre, const Model& model, const Items& items,
                  const uint32_t* rows, int64_t n, int threads, PackedBf16* dhpre_bf16) {
  const int64_t MH = model.mh(), H = model.cfg.hidden, M = model.cfg.members;
  g.db2.assign((size_t)M, 0.0f);
  for (int64_t i = 0; i < n; i++)
    for (int64_t m = 0; m < M; m++) g.db2[(size_t)m] += dr[i * M + m];
  // dhpre per item; db1, dw2 as sums over fixed blocks of kRowBlock items (part[blk] = [db1 | dw2]), then over the blocks in order
  constexpr int64_t kRowBlock = 64;
  const int64_t blocks = (n + kRowBlock - 1) / kRowBlock;
  g.part.assign((size_t)(blocks * 2 * MH), 0.0f);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t blk = 0; blk < blocks; blk++) {
    float* part = g.part.data() + blk * 2 * MH;
    for (int64_t i = blk * kRowBlock; i < n && i < (blk + 1) * kRowBlock; i++)
      backward_row(dhpre + i * MH, part, part + MH, dr + i * M, act + i * MH, hpre + i * MH, model.w2.data(), H, M, model.cfg.activation);
  }
  g.db1.assign((size_t)MH, 0.0f);
  g.dw2.assign((size_t)MH, 0.0f);
  for (int64_t blk = 0; blk < blocks; blk++) {
    const float* part = g.part.data() + blk * 2 * MH;
    for (int64_t c = 0; c < MH; c++) g.db1[(size_t)c] += part[c], g.dw2[(size_t)c] += part[MH + c];
  }
  if (items.sparse()) {
    sparse_w1_backward(g, dhpre, items, rows, n, MH, threads);
  } else {
    g.w1_rows.clear();
    g.dw1.resize((size_t)(items.dim * MH));
    if (dhpre_bf16) {
      pack_bf16_into(*dhpre_bf16, dhpre, MH, n, MH, threads);
      gemm_bf16_amx(items.dim, MatA{items.dense, items.dim, rows, true}, *dhpre_bf16, g.dw1.data(), MH, threads);
    } else {
      sgemm(items.dim, MH, n, MatA{items.dense, items.dim, rows, true}, dhpre, MH, g.dw1.data(), MH, false, threads);
    }
  }
}

}  // namespace rung
