// adamw_update_cuda: engine/adamw.cpp's AdamW step on the GPU, dense and lazy (touched rows of a sparse first
// layer). Same formula and constants as the CPU; every product and sum rounded separately (no FMA contraction)
// and IEEE division and square root, so an element matches a non-FMA CPU build bit for bit.
#include <cmath>

#include "cuda/kernels.h"

namespace rung {
namespace cuda {

struct AdamWStep {
  float beta1, beta2, eps, step, inv_sqrt_bc2, shrink;
};

static AdamWStep adamw_step(const AdamWConfig& c, int64_t t, bool decay) {
  const float bc1 = 1.0f - (float)std::pow((double)c.beta1, (double)t);
  const float bc2 = 1.0f - (float)std::pow((double)c.beta2, (double)t);
  return AdamWStep{c.beta1, c.beta2, c.eps, c.lr / bc1, 1.0f / std::sqrt(bc2), decay ? 1.0f - c.lr * c.weight_decay : 1.0f};
}

__device__ __forceinline__ void adamw_one(float& p, float& m, float& v, float g, const AdamWStep& s) {
  const float mm = __fadd_rn(__fmul_rn(s.beta1, m), __fmul_rn(1.0f - s.beta1, g));
  const float vv = __fadd_rn(__fmul_rn(s.beta2, v), __fmul_rn(__fmul_rn(1.0f - s.beta2, g), g));
  const float den = __fadd_rn(__fmul_rn(__fsqrt_rn(vv), s.inv_sqrt_bc2), s.eps);
  p = __fsub_rn(__fmul_rn(p, s.shrink), __fdiv_rn(__fmul_rn(s.step, mm), den));
  m = mm;
  v = vv;
}

__global__ void adamw_kernel(float* __restrict__ p, float* __restrict__ m, float* __restrict__ v, const float* __restrict__ g, int64_t n, AdamWStep s) {
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
    float pi = p[i], mi = m[i], vi = v[i];
    adamw_one(pi, mi, vi, g[i], s);
    p[i] = pi, m[i] = mi, v[i] = vi;
  }
}

__global__ void adamw_rows_kernel(float* __restrict__ p, float* __restrict__ m, float* __restrict__ v, const float* __restrict__ g,
                                  const uint32_t* __restrict__ rows, const int32_t* __restrict__ n_rows, int64_t MH, AdamWStep s) {
  const int64_t R = *n_rows;
  for (int64_t k = blockIdx.x; k < R; k += gridDim.x) {
    const int64_t base = (int64_t)rows[k] * MH;
    for (int64_t c = threadIdx.x; c < MH; c += blockDim.x) {
      float pi = p[base + c], mi = m[base + c], vi = v[base + c];
      adamw_one(pi, mi, vi, g[k * MH + c], s);
      p[base + c] = pi, m[base + c] = mi, v[base + c] = vi;
    }
  }
}

void adamw_update_cuda(Context& ctx, float* p, float* m, float* v, const float* g, int64_t n, const AdamWConfig& c, int64_t t, bool decay) {
  if (n <= 0) return;
  const int64_t blocks = (n + 255) / 256;
  adamw_kernel<<<(unsigned)(blocks < 65536 ? blocks : 65536), 256, 0, ctx.stream>>>(p, m, v, g, n, adamw_step(c, t, decay));
  check(cudaGetLastError(), "adamw_kernel");
}

void adamw_update_rows_cuda(Context& ctx, float* p, float* m, float* v, const float* g, const uint32_t* rows, const int32_t* n_rows, int64_t max_rows,
                            int64_t MH, const AdamWConfig& c, int64_t t) {
  if (max_rows <= 0) return;
  const int threads = MH >= 256 ? 256 : (MH >= 128 ? 128 : 64);
  adamw_rows_kernel<<<(unsigned)(max_rows < 65535 ? max_rows : 65535), threads, 0, ctx.stream>>>(p, m, v, g, rows, n_rows, MH, adamw_step(c, t, true));
  check(cudaGetLastError(), "adamw_rows_kernel");
}

}  // namespace cuda
}  // namespace rung
