// The AMX BF16 kernel (see gemm_bf16.h): per thread, 256-row super-blocks of A are gathered and rounded to BF16, then
// each 32×32 block of C is computed in four 16×16 FP32 tiles from two A tiles and two B tiles per 32-wide k step.
// Compiled with AMX and AVX-512 BF16 flags; only called once amx_bf16_available() said yes.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "gemm_bf16.h"

namespace rung {

namespace {

struct alignas(64) TileConfig {
  uint8_t palette = 1;
  uint8_t start_row = 0;
  uint8_t reserved[14] = {};
  uint16_t colsb[16] = {};
  uint8_t rows[16] = {};
};

// Tiles 0–3: C (16×16 FP32), 4–5: A (16 rows × 32 BF16), 6–7: B (16 pair-rows × 16 columns × 2 BF16).
void configure_tiles() {
  TileConfig cfg;
  for (int t = 0; t < 8; t++) {
    cfg.rows[t] = 16;
    cfg.colsb[t] = 64;
  }
  _tile_loadconfig(&cfg);
}

// Row r (0..15) of a row tile of A: k floats of src rounded (to nearest even) to BF16, written tile by tile — the
// 32 values of k-block kb at tile + kb·512 + r·32 — and zero-padded to kp.
inline void round_row(uint16_t* tile, int64_t r, const float* src, int64_t k, int64_t kp) {
  for (int64_t kb = 0; kb < kp / 32; kb++) {
    uint16_t* dst = tile + kb * 512 + r * 32;
    const int64_t k0 = kb * 32;
    if (k0 + 32 <= k) {
      const __m512bh h = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(src + k0 + 16), _mm512_loadu_ps(src + k0));
      _mm512_storeu_si512((void*)dst, (__m512i)h);
    } else {
      for (int64_t c = 0; c < 32; c++) dst[c] = k0 + c < k ? to_bf16(src[k0 + c]) : 0;
    }
  }
}


// A super-block (rows s0 .. s0 + srows of op(A)) rounded into `tiles`, tile by tile: row tile t holds k-block kb
// at (t·kp/32 + kb)·512; padding rows and columns are zero.
void fill_a(uint16_t* tiles, MatA a, int64_t s0, int64_t srows, int64_t k, int64_t kp) {
  const int64_t spadded = (srows + 31) / 32 * 32, kblocks = kp / 32;
  if (!a.trans) {
    for (int64_t i = 0; i < spadded; i++) {
      uint16_t* tile = tiles + (i / 16) * 16 * kp;
      if (i < srows) {
        const int64_t row = a.rows ? (int64_t)a.rows[s0 + i] : s0 + i;
        round_row(tile, i % 16, a.p + row * a.ld, k, kp);
      } else {
        for (int64_t kb = 0; kb < kblocks; kb++) std::memset(tile + kb * 512 + (i % 16) * 32, 0, 64);
      }
    }
    return;
  }
  // op(A)[i][kk] = A[rows[kk]][i]: per k-block, the 32 source rows' slices [s0, s0 + srows) are transposed into an
  // L1-sized buffer (row i: 32 floats, one per kk), then each row is rounded into its tile row in one piece.
  std::memset(tiles, 0, sizeof(uint16_t) * (size_t)(spadded * kp));
  alignas(64) float t[256 * 32];
  for (int64_t kb = 0; kb < kp / 32; kb++) {
    const int64_t kn = k - kb * 32 < 32 ? k - kb * 32 : 32;
    if (kn <= 0) break;
    if (kn < 32) std::memset(t, 0, sizeof(t));
    for (int64_t c = 0; c < kn; c++) {
      const int64_t kk = kb * 32 + c;
      const float* src = a.p + (a.rows ? (int64_t)a.rows[kk] : kk) * a.ld + s0;
      for (int64_t i = 0; i < srows; i++) t[i * 32 + c] = src[i];
    }
    for (int64_t i = 0; i < srows; i++) {
      const __m512bh h = _mm512_cvtne2ps_pbh(_mm512_load_ps(t + i * 32 + 16), _mm512_load_ps(t + i * 32));
      _mm512_storeu_si512((void*)(tiles + (i / 16) * 16 * kp + kb * 512 + (i % 16) * 32), (__m512i)h);
    }
  }
}

}  // namespace

void pack_bf16_into(PackedBf16& p, const float* b, int64_t ldb, int64_t k, int64_t n, int threads) {
  require_amx_bf16();
  p.k = k;
  p.n = n;
  p.kp = (k + 31) / 32 * 32;
  p.np = (n + 31) / 32 * 32;
  p.data.resize((size_t)(p.kp * p.np));
  const int64_t kblocks = p.kp / 32, cblocks = p.np / 16;
  // out[2c] = row kk's column c, out[2c + 1] = row kk + 1's: the pair interleave of one tile row
  alignas(64) static const uint16_t interleave[32] = {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23,
                                                      8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
  const __m512i idx = _mm512_load_si512((const void*)interleave);
  uint16_t* out = p.data.data();
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t jb = 0; jb < cblocks; jb++) {
    const int64_t j0 = jb * 16, cols = n - j0 < 16 ? (n - j0 > 0 ? n - j0 : 0) : 16;
    const __mmask16 mask = (__mmask16)((1u << cols) - 1u);
    for (int64_t kb = 0; kb < kblocks; kb++)
      for (int64_t q = 0; q < 16; q++) {
        const int64_t k0 = kb * 32 + 2 * q;
        const __m512 r0 = k0 < k ? _mm512_maskz_loadu_ps(mask, b + k0 * ldb + j0) : _mm512_setzero_ps();
        const __m512 r1 = k0 + 1 < k ? _mm512_maskz_loadu_ps(mask, b + (k0 + 1) * ldb + j0) : _mm512_setzero_ps();
        const __m512i both = (__m512i)_mm512_cvtne2ps_pbh(r1, r0);
        _mm512_storeu_si512((void*)(out + (jb * kblocks + kb) * 512 + q * 32), _mm512_permutexvar_epi16(idx, both));
      }
  }
}

void gemm_bf16_amx(int64_t m, MatA a, const PackedBf16& b, float* c, int64_t ldc, int threads) {
  require_amx_bf16();
  const int64_t k = b.k, n = b.n, kp = b.kp;
  // Blocking for the caches: a super-block of 256 rows of A (rounded: 256·kp·2 bytes, 384 KiB at k = 768) meets a
  // panel of 256 columns of B (as much again) in L2; within them, 32×32 blocks of C in four tiles.
  constexpr int64_t kSuperRows = 256, kPanelCols = 256;
  // As many super-blocks per thread on every thread (768 rows on 2 threads: 4 of 192, not 3 of 256), a multiple of 32.
  const int64_t per_thread = (m + (int64_t)threads * kSuperRows - 1) / ((int64_t)threads * kSuperRows);
  const int64_t super_rows = std::min(kSuperRows, (m + threads * per_thread * 32 - 1) / (threads * per_thread * 32) * 32);
  const int64_t supers = (m + super_rows - 1) / super_rows;
#pragma omp parallel num_threads(threads)
  {
    configure_tiles();
    std::vector<uint16_t> ablock((size_t)(kSuperRows * kp));
    alignas(64) float cblock[32 * 32];
#pragma omp for schedule(static)
    for (int64_t sb = 0; sb < supers; sb++) {
      const int64_t s0 = sb * super_rows, srows = m - s0 < super_rows ? m - s0 : super_rows;
      fill_a(ablock.data(), a, s0, srows, k, kp);
      for (int64_t p0 = 0; p0 < n; p0 += kPanelCols) {
        const int64_t p1 = p0 + kPanelCols < n ? p0 + kPanelCols : n;
        for (int64_t r0 = 0; r0 < srows; r0 += 32) {
          const int64_t mr = srows - r0 < 32 ? srows - r0 : 32;
          const uint16_t* a0 = ablock.data() + r0 * kp;  // row tiles r0/16 and r0/16 + 1
          const uint16_t* a1 = a0 + 16 * kp;
          for (int64_t j0 = p0; j0 < p1; j0 += 32) {
            _tile_zero(0);
            _tile_zero(1);
            _tile_zero(2);
            _tile_zero(3);
            const uint16_t* b0 = b.data.data() + (j0 / 16) * 16 * kp;  // column blocks j0/16 and j0/16 + 1
            const uint16_t* b1 = b0 + 16 * kp;
            for (int64_t kb = 0; kb < kp / 32; kb++) {
              _tile_loadd(4, a0 + kb * 512, 64);
              _tile_loadd(5, a1 + kb * 512, 64);
              _tile_loadd(6, b0 + kb * 512, 64);
              _tile_loadd(7, b1 + kb * 512, 64);
              _tile_dpbf16ps(0, 4, 6);
              _tile_dpbf16ps(1, 4, 7);
              _tile_dpbf16ps(2, 5, 6);
              _tile_dpbf16ps(3, 5, 7);
            }
            const int64_t nr = n - j0 < 32 ? n - j0 : 32;
            float* cp = c + (s0 + r0) * ldc + j0;
            if (mr == 32 && nr == 32) {
              _tile_stored(0, cp, ldc * 4);
              _tile_stored(1, cp + 16, ldc * 4);
              _tile_stored(2, cp + 16 * ldc, ldc * 4);
              _tile_stored(3, cp + 16 * ldc + 16, ldc * 4);
            } else {
              _tile_stored(0, cblock, 32 * 4);
              _tile_stored(1, cblock + 16, 32 * 4);
              _tile_stored(2, cblock + 16 * 32, 32 * 4);
              _tile_stored(3, cblock + 16 * 32 + 16, 32 * 4);
              for (int64_t i = 0; i < mr; i++) std::memcpy(cp + i * ldc, cblock + i * 32, sizeof(float) * (size_t)nr);
            }
          }
        }
      }
    }
    _tile_release();
  }
}

}  // namespace rung
