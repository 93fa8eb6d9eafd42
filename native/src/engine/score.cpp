// Batched, threaded scoring: member rewards in chunks through mlp_forward, then ensemble statistics.
#include "score.h"

#include <cmath>
#include <memory>
#include <vector>

#include "gemm_bf16.h"
#include "loss.h"
#include "mlp.h"
#include "train.h"

namespace rung {

void member_rewards(float* r, const Model& model, const Items& items, const uint32_t* rows, int64_t n, int threads, const std::atomic<bool>* cancel,
                    ScorePrecision precision) {
  const int64_t chunk = 2048, MH = model.mh(), M = model.cfg.members;
  // W1 rounded and packed for AMX once per call, not per chunk.
  const bool bf16 = precision == ScorePrecision::bf16 && !items.sparse();
  PackedBf16 w1_bf16;
  if (bf16) pack_bf16_into(w1_bf16, model.w1.data(), MH, items.dim, MH, threads);
  // scratch for one chunk, not zero-filled (the first layer overwrites it), and no larger than the call needs
  const int64_t most = n < chunk ? n : chunk;
  std::unique_ptr<float[]> hpre(new float[(size_t)(most * MH)]);
  std::vector<uint32_t> idx((size_t)most);
  for (int64_t i0 = 0; i0 < n; i0 += chunk) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    const int64_t c = n - i0 < chunk ? n - i0 : chunk;
    for (int64_t i = 0; i < c; i++) idx[(size_t)i] = rows ? rows[i0 + i] : (uint32_t)(i0 + i);
    mlp_forward(r + i0 * M, nullptr, hpre.get(), model, items, idx.data(), c, threads, bf16 ? &w1_bf16 : nullptr);
  }
}

void score_items(float* mean, float* std, const Model& model, const Items& items, int threads, ScorePrecision precision) {
  const int64_t M = model.cfg.members;
  std::vector<float> r((size_t)(items.n * M));
  member_rewards(r.data(), model, items, nullptr, items.n, threads, nullptr, precision);
  for (int64_t i = 0; i < items.n; i++) {
    double s = 0, s2 = 0;
    for (int64_t m = 0; m < M; m++) s += r[(size_t)(i * M + m)];
    const double mu = s / (double)M;
    for (int64_t m = 0; m < M; m++) s2 += (r[(size_t)(i * M + m)] - mu) * (r[(size_t)(i * M + m)] - mu);
    mean[i] = (float)mu;
    std[i] = (float)std::sqrt(s2 / (double)M);
  }
}

void score_pairs(float* prob, float* spread, const Model& model, const Items& items, const uint32_t* a, const uint32_t* b, int64_t P, int threads,
                 ScorePrecision precision) {
  const int64_t M = model.cfg.members;
  std::vector<uint32_t> rows((size_t)(2 * P));
  for (int64_t p = 0; p < P; p++) {
    rows[(size_t)p] = a[p];
    rows[(size_t)(P + p)] = b[p];
  }
  std::vector<float> r((size_t)(2 * P * M));
  member_rewards(r.data(), model, items, rows.data(), 2 * P, threads, nullptr, precision);
  for (int64_t p = 0; p < P; p++) {
    double s = 0, s2 = 0;
    for (int64_t m = 0; m < M; m++) s += sigmoid(r[(size_t)(p * M + m)] - r[(size_t)((P + p) * M + m)]);
    const double mu = s / (double)M;
    for (int64_t m = 0; m < M; m++) {
      const double q = sigmoid(r[(size_t)(p * M + m)] - r[(size_t)((P + p) * M + m)]) - mu;
      s2 += q * q;
    }
    prob[p] = (float)mu;
    spread[p] = (float)std::sqrt(s2 / (double)M);
  }
}

}  // namespace rung
