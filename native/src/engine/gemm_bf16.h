// BF16 matrix multiply on Intel AMX (Sapphire Rapids and newer) for training and scoring: C = A · B with A and B
// rounded to bfloat16 and every product summed in FP32. Opt-in (precision 'bf16'); the FP32 sgemm stays the reference.
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>

#include "gemm.h"

namespace rung {

// B (k×n, row-major FP32) rounded to bfloat16 in AMX's pair-interleaved layout, padded with zeros to kp = k rounded
// up to 32 and np = n rounded up to 32, and stored tile by tile so each tile load reads 1 KiB in one piece: the tile
// of k-block kb (32 k) and column block jb (16 columns) starts at ((jb·kp/32 + kb)·512); within it, element
// (kk, j) sits at ((kk%32)/2)·32 + (j%16)·2 + kk%2.
struct PackedBf16 {
  int64_t k = 0, n = 0, kp = 0, np = 0;
  std::vector<uint16_t> data;
};

// Whether this CPU has AMX-BF16 and the OS let this process use its tiles (asked for once).
bool amx_bf16_available();
// Why not, when it is not ("" when it is).
const char* amx_bf16_unavailable_reason();

// Throws std::runtime_error naming the reason when AMX is not available (before any tile instruction: the OS
// grants tile state only on request, and amx_bf16_available() asks).
void require_amx_bf16();

// Round-to-nearest-even FP32 → BF16 (finite inputs), and back.
inline uint16_t to_bf16(float x) {
  uint32_t u;
  std::memcpy(&u, &x, 4);
  return (uint16_t)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}
inline float from_bf16(uint16_t h) {
  const uint32_t u = (uint32_t)h << 16;
  float x;
  std::memcpy(&x, &u, 4);
  return x;
}

// The reference packing (scalar, any CPU), and the same into `p` reusing its buffer — vectorized and threaded, for
// packing every training step; it needs AMX's companion AVX-512 BF16 (throws without AMX).
PackedBf16 pack_bf16(const float* b, int64_t ldb, int64_t k, int64_t n);
void pack_bf16_into(PackedBf16& p, const float* b, int64_t ldb, int64_t k, int64_t n, int threads);

// C[m×n] = op(A)[m×k] · B' with k = b.k: op(A) as in sgemm (gathered rows, or transposed with its k-index gathered)
// rounded to BF16, B' = `b`; FP32 sums. Threaded over 256-row super-blocks; each element is summed in one fixed
// order, so results do not depend on the thread count. Throws std::runtime_error when AMX is not available.
void gemm_bf16_amx(int64_t m, MatA a, const PackedBf16& b, float* c, int64_t ldc, int threads);

}  // namespace rung
