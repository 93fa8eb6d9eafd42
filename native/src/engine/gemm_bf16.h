// BF16 matrix multiply on Intel AMX (Sapphire Rapids and newer) for scoring: C = A · B with A and B rounded to
// bfloat16 and every product summed in FP32. Opt-in (precision 'bf16'); the FP32 sgemm stays the reference.
#pragma once
#include <cstdint>
#include <vector>

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

// Round-to-nearest-even FP32 → BF16 (finite inputs).
uint16_t to_bf16(float x);
float from_bf16(uint16_t h);

PackedBf16 pack_bf16(const float* b, int64_t ldb, int64_t k, int64_t n);

// C[m×n] = A'[m×k] · B' where A' is rows[i] of A (rows == nullptr: row i) rounded to BF16 and B' is `b`; FP32 sums.
// Threaded over 32-row blocks; each element is summed in one fixed order, so results do not depend on the
// thread count. Throws std::runtime_error when AMX is not available.
void gemm_bf16_amx(int64_t m, const float* a, int64_t lda, const uint32_t* rows, const PackedBf16& b, float* c, int64_t ldc, int threads);

}  // namespace rung
