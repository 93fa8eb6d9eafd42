// The Bradley–Terry loss per ensemble member, forward and backward side by side.
// Shapes: B pairs, M members; r is [2B×M] with the a-items in rows 0..B-1 and the b-items in rows B..2B-1.
#pragma once
#include <cstdint>

namespace rung {

// loss[m] = Σ_p w[p·M+m]·(softplus(d) − t[p]·d) / Σ_p w[p·M+m], with d = r[p,m] − r[B+p,m]
// (= −t·log σ(d) − (1−t)·log σ(−d); a tie is t = 0.5). A member whose weights sum to 0 has loss 0.
void bt_forward(float* loss, const float* r, const float* target, const float* w, int64_t B, int64_t M);
// dr[2B×M] = dLoss[m]/dr.
void bt_backward(float* dr, const float* r, const float* target, const float* w, int64_t B, int64_t M);

float sigmoid(float x);
float softplus(float x);

}  // namespace rung
