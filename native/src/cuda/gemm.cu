// gemm_cuda: the engine's row-major C (+)= op(A)·B with gathered rows (engine/gemm.h's sgemm) on the GPU —
// cuBLAS SGEMM (FP32, or TF32 tensor cores) when linked, else a built-in 128×128 register-tiled FP32 kernel
// that reads gathered rows directly. Also the row gather used to feed cuBLAS.
#include "cuda/kernels.h"

#if RUNG_CUDA_CUBLAS
#include <cublas_v2.h>
#endif

namespace rung {
namespace cuda {

// X[n×width] = src rows rows[i] (ld), one block row per 4 output rows, float4 when aligned.
__global__ void gather_rows_kernel(float* __restrict__ X, const float* __restrict__ src, int64_t ld, const uint32_t* __restrict__ rows, int64_t n,
                                   int64_t width) {
  const int64_t i = (int64_t)blockIdx.x * blockDim.y + threadIdx.y;
  if (i >= n) return;
  const float* s = src + (int64_t)(rows ? rows[i] : (uint32_t)i) * ld;
  float* d = X + i * width;
  if ((width & 3) == 0 && (ld & 3) == 0 && ((uintptr_t)src & 15) == 0 && ((uintptr_t)X & 15) == 0) {
    const float4* s4 = reinterpret_cast<const float4*>(s);
    float4* d4 = reinterpret_cast<float4*>(d);
    for (int64_t c = threadIdx.x; c < width / 4; c += blockDim.x) d4[c] = s4[c];
  } else {
    for (int64_t c = threadIdx.x; c < width; c += blockDim.x) d[c] = s[c];
  }
}

void gather_rows_cuda(Context& ctx, float* X, const float* src, int64_t ld, const uint32_t* rows, int64_t n, int64_t width) {
  if (n <= 0) return;
  const dim3 block(64, 4);
  gather_rows_kernel<<<(unsigned)((n + 3) / 4), block, 0, ctx.stream>>>(X, src, ld, rows, n, width);
  check(cudaGetLastError(), "gather_rows_kernel");
}

#if !RUNG_CUDA_CUBLAS
// Tiles: 128×128 of C per block, k-steps of 8, 256 threads each owning an 8×8 block of C.
constexpr int kBM = 128, kBN = 128, kBK = 8;

__global__ void __launch_bounds__(256) sgemm_tiled_kernel(int64_t m, int64_t n, int64_t k, const float* __restrict__ A, int64_t lda,
                                                          const uint32_t* __restrict__ rows, bool transA, const float* __restrict__ B, int64_t ldb,
                                                          float* __restrict__ C, int64_t ldc, bool accumulate) {
  __shared__ __align__(16) float As[kBK][kBM];
  __shared__ __align__(16) float Bs[kBK][kBN];
  const int t = threadIdx.x, tx = t % 16, ty = t / 16;
  const int64_t bm = (int64_t)blockIdx.y * kBM, bn = (int64_t)blockIdx.x * kBN;
  float acc[8][8];
#pragma unroll
  for (int r = 0; r < 8; r++)
#pragma unroll
    for (int c = 0; c < 8; c++) acc[r][c] = 0.0f;
  for (int64_t k0 = 0; k0 < k; k0 += kBK) {
#pragma unroll
    for (int l = 0; l < 4; l++) {
      const int idx = t + l * 256;
      if (!transA) {
        const int ii = idx / kBK, kk = idx % kBK;
        const int64_t gi = bm + ii, gk = k0 + kk;
        float v = 0.0f;
        if (gi < m && gk < k) v = A[(int64_t)(rows ? rows[gi] : (uint32_t)gi) * lda + gk];
        As[kk][ii] = v;
      } else {
        const int kk = idx / kBM, ii = idx % kBM;
        const int64_t gi = bm + ii, gk = k0 + kk;
        float v = 0.0f;
        if (gi < m && gk < k) v = A[(int64_t)(rows ? rows[gk] : (uint32_t)gk) * lda + gi];
        As[kk][ii] = v;
      }
      const int kk = idx / kBN, jj = idx % kBN;
      const int64_t gk = k0 + kk, gj = bn + jj;
      Bs[kk][jj] = (gk < k && gj < n) ? B[gk * ldb + gj] : 0.0f;
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < kBK; kk++) {
      float a[8], b[8];
      const float4 a0 = *reinterpret_cast<const float4*>(&As[kk][ty * 4]);
      const float4 a1 = *reinterpret_cast<const float4*>(&As[kk][64 + ty * 4]);
      const float4 b0 = *reinterpret_cast<const float4*>(&Bs[kk][tx * 4]);
      const float4 b1 = *reinterpret_cast<const float4*>(&Bs[kk][64 + tx * 4]);
      a[0] = a0.x, a[1] = a0.y, a[2] = a0.z, a[3] = a0.w, a[4] = a1.x, a[5] = a1.y, a[6] = a1.z, a[7] = a1.w;
      b[0] = b0.x, b[1] = b0.y, b[2] = b0.z, b[3] = b0.w, b[4] = b1.x, b[5] = b1.y, b[6] = b1.z, b[7] = b1.w;
#pragma unroll
      for (int r = 0; r < 8; r++)
#pragma unroll
        for (int c = 0; c < 8; c++) acc[r][c] = fmaf(a[r], b[c], acc[r][c]);
    }
    __syncthreads();
  }
#pragma unroll
  for (int r = 0; r < 8; r++) {
    const int64_t gi = bm + (r < 4 ? ty * 4 + r : 64 + ty * 4 + r - 4);
    if (gi >= m) continue;
#pragma unroll
    for (int c = 0; c < 8; c++) {
      const int64_t gj = bn + (c < 4 ? tx * 4 + c : 64 + tx * 4 + c - 4);
      if (gj >= n) continue;
      float* p = C + gi * ldc + gj;
      *p = accumulate ? *p + acc[r][c] : acc[r][c];
    }
  }
}
#endif

void gemm_cuda(Context& ctx, int64_t m, int64_t n, int64_t k, const float* A, int64_t lda, const uint32_t* rows, bool transA, const float* B,
               int64_t ldb, float* C, int64_t ldc, bool accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate)
      for (int64_t i = 0; i < m; i++) check(cudaMemsetAsync(C + i * ldc, 0, sizeof(float) * (size_t)n, ctx.stream), "gemm_cuda zero");
    return;
  }
#if RUNG_CUDA_CUBLAS
  // Row-major C[m×n] = op(A)·B is column-major Cᵀ[n×m] = Bᵀ·op(A)ᵀ: B as a column-major n×k (ld ldb), A as k×m
  // (ld lda; transposed op when A is stored k×m row-major, i.e. transA). Gathered rows are copied first.
  const float* a = A;
  int64_t la = lda;
  if (rows) {
    const int64_t nr = transA ? k : m, width = transA ? m : k;
    ctx.gemm_scratch.reserve(sizeof(float) * (size_t)(nr * width), "gathered GEMM rows");
    gather_rows_cuda(ctx, ctx.gemm_scratch.as<float>(), A, lda, rows, nr, width);
    a = ctx.gemm_scratch.as<float>();
    la = width;
  }
  const float alpha = 1.0f, beta = accumulate ? 1.0f : 0.0f;
  const cublasStatus_t s = cublasSgemm(static_cast<cublasHandle_t>(ctx.cublas), CUBLAS_OP_N, transA ? CUBLAS_OP_T : CUBLAS_OP_N, (int)n, (int)m,
                                       (int)k, &alpha, B, (int)ldb, a, (int)la, &beta, C, (int)ldc);
  if (s != CUBLAS_STATUS_SUCCESS) throw std::runtime_error(std::string("cublasSgemm failed: ") + cublasGetStatusString(s));
#else
  const dim3 grid((unsigned)((n + kBN - 1) / kBN), (unsigned)((m + kBM - 1) / kBM));
  sgemm_tiled_kernel<<<grid, 256, 0, ctx.stream>>>(m, n, k, A, lda, rows, transA, B, ldb, C, ldc, accumulate);
  check(cudaGetLastError(), "sgemm_tiled_kernel");
#endif
}

}  // namespace cuda
}  // namespace rung
