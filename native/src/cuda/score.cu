// Scoring on the GPU, as engine/score.cpp: member rewards in chunks through mlp_forward_cuda, then ensemble
// mean/std per item and mean/std of σ(r_a − r_b) per pair (double accumulators, as the CPU). Items stream from
// host memory chunk by chunk (pinned double buffers), so tables larger than the card are scored too.
#include <algorithm>
#include <vector>

#include "cuda/session.h"

namespace rung {
namespace cuda {

__device__ __forceinline__ float sigmoid_s(float x) { return x >= 0.0f ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x)); }

__global__ void ensemble_stats_kernel(float* __restrict__ mean, float* __restrict__ std, const float* __restrict__ r, int64_t n, int64_t M) {
  const int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  double s = 0.0, s2 = 0.0;
  for (int64_t m = 0; m < M; m++) s += r[i * M + m];
  const double mu = s / (double)M;
  for (int64_t m = 0; m < M; m++) s2 += (r[i * M + m] - mu) * (r[i * M + m] - mu);
  mean[i] = (float)mu;
  std[i] = (float)sqrt(s2 / (double)M);
}

__global__ void pair_stats_kernel(float* __restrict__ prob, float* __restrict__ spread, const float* __restrict__ r, int64_t P, int64_t M) {
  const int64_t p = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (p >= P) return;
  double s = 0.0, s2 = 0.0;
  for (int64_t m = 0; m < M; m++) s += sigmoid_s(r[p * M + m] - r[(P + p) * M + m]);
  const double mu = s / (double)M;
  for (int64_t m = 0; m < M; m++) {
    const double q = sigmoid_s(r[p * M + m] - r[(P + p) * M + m]) - mu;
    s2 += q * q;
  }
  prob[p] = (float)mu;
  spread[p] = (float)sqrt(s2 / (double)M);
}

void ensemble_stats_cuda(Context& ctx, float* mean, float* std, const float* r, int64_t n, int64_t M) {
  if (n <= 0) return;
  ensemble_stats_kernel<<<(unsigned)((n + 255) / 256), 256, 0, ctx.stream>>>(mean, std, r, n, M);
  check(cudaGetLastError(), "ensemble_stats_kernel");
}

void pair_stats_cuda(Context& ctx, float* prob, float* spread, const float* r, int64_t P, int64_t M) {
  if (P <= 0) return;
  pair_stats_kernel<<<(unsigned)((P + 255) / 256), 256, 0, ctx.stream>>>(prob, spread, r, P, M);
  check(cudaGetLastError(), "pair_stats_kernel");
}

namespace {
// A scoring session: model on the device, streamed items, activation buffers for one chunk.
struct Scorer {
  Context ctx;
  ModelOnDevice model;
  int64_t chunk, M, MH;
  DeviceBuffer hpre, r, out;
  PinnedBuffer host_out;
  std::unique_ptr<ItemSource> src;

  Scorer(const Model& m, const Items& items, const CudaOptions& opt, int64_t rows_per_chunk_factor) : ctx(opt.precision) {
    check_config(m.cfg);
    if (m.cfg.input_dim != items.dim)
      throw std::invalid_argument("items have dimension " + std::to_string(items.dim) + " but the model expects " + std::to_string(m.cfg.input_dim));
    M = m.cfg.members, MH = m.mh();
    // activations of one chunk ≤ 256 MiB; sparse staging (sized for the longest row) ≤ 2 × 128 MiB
    const int64_t max_nnz = ItemSource::max_row_nnz_of(items);
    chunk = std::max<int64_t>(1, std::min<int64_t>(opt.score_chunk, (int64_t(64) << 20) / MH));
    if (items.sparse()) chunk = std::max<int64_t>(1, std::min<int64_t>(chunk, (int64_t(16) << 20) / std::max<int64_t>(1, max_nnz) / rows_per_chunk_factor));
    const int64_t rows = chunk * rows_per_chunk_factor;
    const int64_t need = 4 * ModelOnDevice::param_count(m.cfg) + 4 * rows * (MH + 2 * M) + ItemSource::staging_bytes(items, rows, max_nnz) +
                         (items.sparse() ? 0 : 4 * rows * items.dim);
    require_free(need, "scoring (model, one chunk of activations and item staging)");
    model.upload(ctx, m);
    hpre.alloc(sizeof(float) * (size_t)(rows * MH), "scoring activations");
    r.alloc(sizeof(float) * (size_t)(rows * M), "scoring member rewards");
    out.alloc(sizeof(float) * (size_t)(rows * (M > 2 ? M : 2)), "scoring outputs");
    host_out.reserve(sizeof(float) * (size_t)(rows * (M > 2 ? M : 2)), "scoring outputs");
    src.reset(new ItemSource(ctx, items, false, rows));
  }
  // r[n×M] on the device for host rows rows[0..n), n ≤ chunk·factor
  void forward(const uint32_t* rows, int64_t n) {
    const uint32_t* dev_rows = nullptr;
    int64_t entries = 0;
    const DevItems it = src->stage(ctx, rows, n, &dev_rows, &entries);
    mlp_forward_cuda(ctx, r.as<float>(), nullptr, hpre.as<float>(), model.view(), it, dev_rows, n);
    src->release(ctx);
  }
};
}  // namespace

void member_rewards_cuda(float* r, const Model& model, const Items& items, const uint32_t* rows, int64_t n, const CudaOptions& opt) {
  Scorer s(model, items, opt, 1);
  std::vector<uint32_t> idx((size_t)s.chunk);
  for (int64_t i0 = 0; i0 < n; i0 += s.chunk) {
    const int64_t c = std::min(s.chunk, n - i0);
    for (int64_t i = 0; i < c; i++) idx[(size_t)i] = rows ? rows[i0 + i] : (uint32_t)(i0 + i);
    s.forward(idx.data(), c);
    check(cudaMemcpyAsync(s.host_out.p, s.r.p, sizeof(float) * (size_t)(c * s.M), cudaMemcpyDeviceToHost, s.ctx.stream), "download rewards");
    s.ctx.sync();
    std::copy(s.host_out.as<float>(), s.host_out.as<float>() + c * s.M, r + i0 * s.M);
  }
}

void score_items_cuda(float* mean, float* std, const Model& model, const Items& items, const CudaOptions& opt) {
  validate_items(items);
  Scorer s(model, items, opt, 1);
  std::vector<uint32_t> idx((size_t)s.chunk);
  for (int64_t i0 = 0; i0 < items.n; i0 += s.chunk) {
    const int64_t c = std::min(s.chunk, items.n - i0);
    for (int64_t i = 0; i < c; i++) idx[(size_t)i] = (uint32_t)(i0 + i);
    s.forward(idx.data(), c);
    ensemble_stats_cuda(s.ctx, s.out.as<float>(), s.out.as<float>() + c, s.r.as<float>(), c, s.M);
    check(cudaMemcpyAsync(s.host_out.p, s.out.p, sizeof(float) * (size_t)(2 * c), cudaMemcpyDeviceToHost, s.ctx.stream), "download scores");
    s.ctx.sync();
    std::copy(s.host_out.as<float>(), s.host_out.as<float>() + c, mean + i0);
    std::copy(s.host_out.as<float>() + c, s.host_out.as<float>() + 2 * c, std + i0);
  }
}

void score_pairs_cuda(float* prob, float* spread, const Model& model, const Items& items, const uint32_t* a, const uint32_t* b, int64_t P,
                      const CudaOptions& opt) {
  validate_items(items);
  Scorer s(model, items, opt, 2);
  std::vector<uint32_t> idx((size_t)(2 * s.chunk));
  for (int64_t p0 = 0; p0 < P; p0 += s.chunk) {
    const int64_t c = std::min(s.chunk, P - p0);
    for (int64_t i = 0; i < c; i++) idx[(size_t)i] = a[p0 + i], idx[(size_t)(c + i)] = b[p0 + i];
    s.forward(idx.data(), 2 * c);
    pair_stats_cuda(s.ctx, s.out.as<float>(), s.out.as<float>() + c, s.r.as<float>(), c, s.M);
    check(cudaMemcpyAsync(s.host_out.p, s.out.p, sizeof(float) * (size_t)(2 * c), cudaMemcpyDeviceToHost, s.ctx.stream), "download pair scores");
    s.ctx.sync();
    std::copy(s.host_out.as<float>(), s.host_out.as<float>() + c, prob + p0);
    std::copy(s.host_out.as<float>() + c, s.host_out.as<float>() + 2 * c, spread + p0);
  }
}

}  // namespace cuda
}  // namespace rung
