// bt_forward_backward_cuda: engine/loss.cpp's Bradley–Terry bt_forward and bt_backward fused in one kernel,
// one block per ensemble member: weight sum and weighted loss in double (as the CPU), then dr.
#include "cuda/kernels.h"

namespace rung {
namespace cuda {

__device__ __forceinline__ float sigmoid_d(float x) { return x >= 0.0f ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x)); }
__device__ __forceinline__ float softplus_d(float x) { return x > 0.0f ? x + log1pf(expf(-x)) : log1pf(expf(x)); }

// loss[m] = Σ_p w·(softplus(d) − t·d) / Σ_p w, d = r[p, m] − r[B+p, m]; dr[p, m] = (w/Σw)·(σ(d) − t) = −dr[B+p, m].
// Targets t ∈ [0, 1] (ties 0.5); a member whose weights sum to 0 gets loss 0 and zero gradients.
__global__ void bt_kernel(float* __restrict__ loss, float* __restrict__ dr, const float* __restrict__ r, const float* __restrict__ target,
                          const float* __restrict__ w, int64_t B, int64_t M) {
  __shared__ double s_w[256], s_l[256];
  const int64_t m = blockIdx.x;
  double ws = 0.0, ls = 0.0;
  for (int64_t p = threadIdx.x; p < B; p += blockDim.x) {
    const float d = r[p * M + m] - r[(B + p) * M + m], wp = w[p * M + m];
    ws += (double)wp;
    ls += (double)wp * (double)(softplus_d(d) - target[p] * d);
  }
  s_w[threadIdx.x] = ws;
  s_l[threadIdx.x] = ls;
  __syncthreads();
  for (int o = 128; o > 0; o >>= 1) {
    if ((int)threadIdx.x < o) s_w[threadIdx.x] += s_w[threadIdx.x + o], s_l[threadIdx.x] += s_l[threadIdx.x + o];
    __syncthreads();
  }
  const double W = s_w[0];
  if (threadIdx.x == 0) loss[m] = W > 0.0 ? (float)(s_l[0] / W) : 0.0f;
  for (int64_t p = threadIdx.x; p < B; p += blockDim.x) {
    const float d = r[p * M + m] - r[(B + p) * M + m];
    const float g = W > 0.0 ? (float)((double)w[p * M + m] / W) * (sigmoid_d(d) - target[p]) : 0.0f;
    dr[p * M + m] = g;
    dr[(B + p) * M + m] = -g;
  }
}

void bt_forward_backward_cuda(Context& ctx, float* loss, float* dr, const float* r, const float* target, const float* w, int64_t B, int64_t M) {
  if (B <= 0 || M <= 0) return;
  bt_kernel<<<(unsigned)M, 256, 0, ctx.stream>>>(loss, dr, r, target, w, B, M);
  check(cudaGetLastError(), "bt_kernel");
}

}  // namespace cuda
}  // namespace rung
