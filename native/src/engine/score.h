// Scoring with a trained ensemble: per-item mean reward and ensemble std, per-pair P(a ≻ b) and its spread.
// Shapes: N items, P pairs, M members.
#pragma once
#include <atomic>
#include <cstdint>

#include "data.h"
#include "model.h"

namespace rung {

// The first layer's precision for dense inputs: fp32 (the reference) or bf16 (AMX: inputs and W1 rounded to
// bfloat16, products summed in FP32). Sparse text rows are gathered in FP32 either way.
enum class ScorePrecision { fp32, bf16 };

// r[N×M]: every member's reward for items rows[0..n) (rows == nullptr: items 0..n), in chunks of 2048 items;
// with `cancel`, throws Cancelled between chunks once it is set.
void member_rewards(float* r, const Model& model, const Items& items, const uint32_t* rows, int64_t n, int threads,
                    const std::atomic<bool>* cancel = nullptr, ScorePrecision precision = ScorePrecision::fp32);
// mean[N], std[N] over members (population std).
void score_items(float* mean, float* std, const Model& model, const Items& items, int threads, ScorePrecision precision = ScorePrecision::fp32);
// prob[P] = mean over members of σ(r_a − r_b); spread[P] = its std over members.
void score_pairs(float* prob, float* spread, const Model& model, const Items& items, const uint32_t* a, const uint32_t* b, int64_t P, int threads,
                 ScorePrecision precision = ScorePrecision::fp32);

}  // namespace rung
