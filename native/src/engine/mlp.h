// The ensemble MLP, forward and backward side by side: M members, each D → H (ReLU or GELU) → 1,
// evaluated together (one GEMM for all members), with a dense or a sparse (CSR) first layer.
// Shapes: N items in the batch, D input dim, H hidden, M members, MH = M·H.
#pragma once
#include <cstdint>
#include <vector>

#include "data.h"
#include "model.h"

namespace rung {

struct PackedBf16;

// Gradients of all parameters. For sparse inputs dw1 holds only the rows the batch touched:
// dw1[s·MH ..] is the gradient of w1 row w1_rows[s]. For dense inputs dw1 is D×MH and w1_rows is empty.
struct Grads {
  std::vector<float> dw1, db1, dw2, db2;
  std::vector<uint32_t> w1_rows;
  // scratch for the sparse gather: slot of each touched row (-1 otherwise), per-slot entry lists
  std::vector<int32_t> slot_of;
  std::vector<uint32_t> entry_start, entry_item;
  std::vector<float> entry_val;
  // scratch for the column sums of db1 and dw2: one [db1 | dw2] partial per block of items
  std::vector<float> part;
};

// hpre[N×MH] = x·w1 + b1, act[N×MH] = f(hpre), r[N×M] = per-member act·w2 + b2; x = items rows[0..N).
// act may be null (scoring: nothing to backpropagate): hpre then holds f(x·w1 + b1). With w1_bf16 (dense items only),
// x·w1 runs on AMX in BF16 with FP32 sums (gemm_bf16.h) instead of the FP32 sgemm.
void mlp_forward(float* r, float* act, float* hpre, const Model& model, const Items& items, const uint32_t* rows, int64_t n, int threads,
                 const PackedBf16* w1_bf16 = nullptr);
// From dr[N×M] (dLoss/dr): fills g (overwrites) and the scratch dhpre[N×MH].
// With dhpre_bf16 (dense items only; scratch reused across steps), dW1 = xᵀ·dhpre runs on AMX in BF16 with FP32 sums.
void mlp_backward(Grads& g, float* dhpre, const float* dr, const float* act, const float* hpre, const Model& model, const Items& items,
                  const uint32_t* rows, int64_t n, int threads, PackedBf16* dhpre_bf16 = nullptr);

float activation_forward(Activation a, float x);
float activation_backward(Activation a, float x);  // f'(x)

}  // namespace rung
