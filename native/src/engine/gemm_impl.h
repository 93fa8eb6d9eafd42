// The blocked GEMM, written once with GCC vector extensions and compiled per ISA: each kernel .cpp defines
// RUNG_GEMM_NAME, RUNG_VEC_BYTES (vector width), RUNG_MR (rows per micro-tile), RUNG_NV (vectors per micro-tile row).
// Everything here has internal linkage and uses no std templates, so no AVX code can leak into baseline callers.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "gemm.h"

namespace rung {
namespace {

typedef float vec __attribute__((vector_size(RUNG_VEC_BYTES)));
typedef float uvec __attribute__((vector_size(RUNG_VEC_BYTES), aligned(4)));
constexpr int L = RUNG_VEC_BYTES / 4;  // floats per vector
constexpr int MR = RUNG_MR;
constexpr int NV = RUNG_NV;
constexpr int NR = L * NV;
constexpr int64_t MC = MR * 16, KC = 256, NC = NR * 128;
static_assert(NC % NR == 0, "NC must be a multiple of NR");

inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

inline float at(const MatA& a, int64_t i, int64_t k) {
  return a.trans ? a.p[(a.rows ? (int64_t)a.rows[k] : k) * a.ld + i] : a.p[(a.rows ? (int64_t)a.rows[i] : i) * a.ld + k];
}

// pa[strip][kk][r] = op(A)[i0 + strip·MR + r][k0 + kk], zero past row m.
void pack_a(float* pa, const MatA& a, int64_t m, int64_t i0, int64_t mc, int64_t k0, int64_t kc) {
  for (int64_t s = 0; s < mc; s += MR) {
    float* dst = pa + s * kc;
    const int64_t rows = min64(MR, m - i0 - s);
    if (a.trans) {
      for (int64_t kk = 0; kk < kc; kk++) {
        const float* src = a.p + (a.rows ? (int64_t)a.rows[k0 + kk] : k0 + kk) * a.ld + i0 + s;
        if (rows == MR) {
          std::memcpy(dst + kk * MR, src, sizeof(float) * MR);
        } else {
          for (int r = 0; r < MR; r++) dst[kk * MR + r] = r < rows ? src[r] : 0.0f;
        }
      }
    } else {
      for (int r = 0; r < MR; r++) {
        if (r >= rows) {
          for (int64_t kk = 0; kk < kc; kk++) dst[kk * MR + r] = 0.0f;
          continue;
        }
        const int64_t i = i0 + s + r;
        const float* src = &a.p[(a.rows ? (int64_t)a.rows[i] : i) * a.ld + k0];
        // the same row of the next strip, one strip ahead (A comes from memory in runs of kc floats per row, too
        // short for the hardware prefetcher; measured 4% faster on the encoder's forward pass)
        if (i + MR < m)
          for (int64_t kk = 0; kk < kc; kk += 16) __builtin_prefetch(&a.p[(a.rows ? (int64_t)a.rows[i + MR] : i + MR) * a.ld + k0 + kk]);
        for (int64_t kk = 0; kk < kc; kk++) dst[kk * MR + r] = src[kk];
      }
    }
  }
}

// pb[strip][kk][c] = B[k0 + kk][j0 + strip·NR + c], zero past column n.
void pack_b(float* pb, const float* b, int64_t ldb, int64_t n, int64_t j0, int64_t nc, int64_t k0, int64_t kc) {
  for (int64_t s = 0; s < nc; s += NR) {
    float* dst = pb + s * kc;
    const int64_t cols = min64(NR, n - j0 - s);
    for (int64_t kk = 0; kk < kc; kk++) {
      const float* src = b + (k0 + kk) * ldb + j0 + s;
      if (cols == NR) {
        std::memcpy(dst + kk * NR, src, sizeof(float) * NR);
      } else {
        for (int c = 0; c < NR; c++) dst[kk * NR + c] = c < cols ? src[c] : 0.0f;
      }
    }
  }
}

// The MR×NR micro-tile: C[0:mr, 0:nr] (+)= pa (MR×kc) · pb (kc×NR), accumulators kept in registers.
inline void micro(int64_t kc, const float* __restrict pa, const float* __restrict pb, float* c, int64_t ldc, int mr, int nr, bool acc) {
  vec t[MR][NV];
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) t[r][v] = vec{} ;
#pragma GCC unroll 4
  for (int64_t kk = 0; kk < kc; kk++) {
    __builtin_prefetch(pa + (kk + 8) * MR);  // A's strip, 8 steps ahead (B's micro-panel stays in L1)
    vec bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) bv[v] = *(const vec*)(pb + kk * NR + v * L);
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++) {
      const float av = pa[kk * MR + r];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) t[r][v] += av * bv[v];
    }
  }
  if (mr == MR && nr == NR) {
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) {
        uvec* dst = (uvec*)(c + r * ldc + v * L);
        *dst = acc ? *dst + t[r][v] : t[r][v];
      }
    return;
  }
  float tile[MR][NR];
  for (int r = 0; r < MR; r++)
    for (int v = 0; v < NV; v++) *(uvec*)&tile[r][v * L] = t[r][v];
  for (int r = 0; r < mr; r++)
    for (int j = 0; j < nr; j++) c[r * ldc + j] = acc ? c[r * ldc + j] + tile[r][j] : tile[r][j];
}

}  // namespace

void RUNG_GEMM_NAME(int64_t m, int64_t n, int64_t k, MatA a, const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, int threads,
                    const GemmEpilogue* epilogue) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate)
      for (int64_t i = 0; i < m; i++) std::memset(c + i * ldc, 0, sizeof(float) * (size_t)n);
    if (epilogue) epilogue->fn(epilogue->ctx, 0, m);
    return;
  }
  // GotoBLAS blocking with one barrier per column panel: all threads pack B[0:k, j0:j0+nc] (every KC slice) once;
  // then each row block (MC rows at most, owned by one thread) packs its A slices and runs the micro-tiles over the
  // panel, k slices in order, its C block staying in cache between slices. Every C element is owned by one row block
  // and summed in one fixed order, whatever the thread count.
  const int64_t kc_slices = (k + KC - 1) / KC;
  // panel width: NC, narrower when k is deep so the packed panel stays near kPanelFloats (in L2/L3)
  constexpr int64_t kPanelFloats = int64_t(1) << 21;
  const int64_t nc_limit = min64(NC, ((kPanelFloats / k) / NR > 0 ? (kPanelFloats / k) / NR : 1) * NR);
  // as few panels as that allows, of even widths (2048 columns under a 1008 limit: 3 × 720, not 1008 + 1008 + 32)
  const int64_t panels = (n + nc_limit - 1) / nc_limit, nc_step = ((n + panels - 1) / panels + NR - 1) / NR * NR;
  const int64_t nc_max = min64(nc_step, (n + NR - 1) / NR * NR);
  float* pb = (float*)std::aligned_alloc(64, sizeof(float) * (size_t)(kc_slices * KC * nc_max));
  // row blocks of whole MR strips, as many as a multiple of the thread count and as even as strips allow
  const int64_t strips = (m + MR - 1) / MR;
  const int64_t per_thread = (m + MC * threads - 1) / (MC * threads);
  const int64_t blocks_m = min64(per_thread * threads, strips);
#pragma omp parallel num_threads(threads)
  {
    float* pa = (float*)std::aligned_alloc(64, sizeof(float) * MC * KC);
    for (int64_t j0 = 0; j0 < n; j0 += nc_step) {
      const int64_t nc = min64(nc_step, n - j0), nc_strips = (nc + NR - 1) / NR;
      // pb[slice][strip]: KC×NR blocks; slice ks holds rows k0 = ks·KC .. k0 + kc of B
#pragma omp for schedule(static) collapse(2)
      for (int64_t ks = 0; ks < kc_slices; ks++)
        for (int64_t js = 0; js < nc_strips; js++) {
          const int64_t k0 = ks * KC, kc = min64(KC, k - k0);
          pack_b(pb + ks * KC * nc_max + js * NR * kc, b, ldb, n, j0 + js * NR, NR, k0, kc);
        }
#pragma omp for schedule(dynamic)
      for (int64_t bi = 0; bi < blocks_m; bi++) {
        const int64_t i0 = strips * bi / blocks_m * MR, i1 = min64(m, strips * (bi + 1) / blocks_m * MR), mc = i1 - i0;
        for (int64_t ks = 0; ks < kc_slices; ks++) {
          const int64_t k0 = ks * KC, kc = min64(KC, k - k0);
          const float* pbs = pb + ks * KC * nc_max;
          pack_a(pa, a, m, i0, (mc + MR - 1) / MR * MR, k0, kc);
          const bool acc = accumulate || k0 > 0;
          for (int64_t js = 0; js < nc; js += NR)
            for (int64_t is = 0; is < mc; is += MR)
              micro(kc, pa + is * kc, pbs + js * kc, c + (i0 + is) * ldc + j0 + js, ldc, (int)min64(MR, mc - is), (int)min64(NR, nc - js), acc);
        }
        // the last panel done for these rows (earlier panels ended at the barrier of their row-block loop)
        if (epilogue && j0 + nc == n) epilogue->fn(epilogue->ctx, i0, i1);
      }
    }
    std::free(pa);
  }
  std::free(pb);
}

}  // namespace rung
