// CUDA kernels of the BERT forward pass (see cuda/encoder.h); each mirrors a loop of engine/encoder/bert.cpp.
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#include "cuda/encoder.h"

namespace rung {
namespace cuda {

namespace {

constexpr int kRowThreads = 256;

void put(Context& ctx, DeviceBuffer& dst, const std::vector<float>& src, const char* what) {
  dst.alloc(sizeof(float) * src.size(), what);
  check(cudaMemcpyAsync(dst.p, src.data(), sizeof(float) * src.size(), cudaMemcpyHostToDevice, ctx.stream), what);
}

// The sum of v over the block (blockDim.x a multiple of 32, at most 1024), returned to every thread.
__device__ float block_sum(float v) {
  __shared__ float red[32];
  __shared__ float total;
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  __syncthreads();  // red and total may still be read by a previous call
  if (lane == 0) red[warp] = v;
  __syncthreads();
  if (warp == 0) {
    v = lane < (int)(blockDim.x >> 5) ? red[lane] : 0.0f;
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    if (lane == 0) total = v;
  }
  __syncthreads();
  return total;
}

// y = LayerNorm(y) · g + b over one row of H, by one block.
__device__ void layer_norm_row(float* y, const float* g, const float* b, int64_t H, float eps) {
  float s = 0;
  for (int64_t j = threadIdx.x; j < H; j += blockDim.x) s += y[j];
  const float mean = block_sum(s) / (float)H;
  float v = 0;
  for (int64_t j = threadIdx.x; j < H; j += blockDim.x) v += (y[j] - mean) * (y[j] - mean);
  const float inv = rsqrtf(block_sum(v) / (float)H + eps);
  for (int64_t j = threadIdx.x; j < H; j += blockDim.x) y[j] = (y[j] - mean) * inv * g[j] + b[j];
}

// hidden[t] = LayerNorm(word[ids[t]] + position[pos[t]] + type0); one block per token.
__global__ void embed_kernel(float* hidden, const int32_t* ids, const int32_t* pos, const float* word, const float* position, const float* type0,
                             const float* g, const float* b, int64_t H, float eps) {
  const int64_t t = blockIdx.x;
  float* y = hidden + t * H;
  const float* w = word + (int64_t)ids[t] * H;
  const float* p = position + (int64_t)pos[t] * H;
  for (int64_t j = threadIdx.x; j < H; j += blockDim.x) y[j] = w[j] + p[j] + type0[j];
  __syncthreads();
  layer_norm_row(y, g, b, H, eps);
}

// c[r] = c[r] + bias, then GELU (erf form) when gelu; one thread per element.
__global__ void bias_kernel(float* c, const float* bias, int64_t rows, int64_t n, bool gelu) {
  const int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= rows * n) return;
  const float x = c[i] + bias[i % n];
  c[i] = gelu ? 0.5f * x * (1.0f + erff(x * 0.70710678118654752f)) : x;
}

// residual[r] = LayerNorm(c[r] + bias + residual[r]); one block per row.
__global__ void bias_residual_ln_kernel(float* residual, float* c, const float* bias, const float* g, const float* b, int64_t H, float eps) {
  float* x = c + (int64_t)blockIdx.x * H;
  float* y = residual + (int64_t)blockIdx.x * H;
  for (int64_t j = threadIdx.x; j < H; j += blockDim.x) y[j] = x[j] + bias[j] + y[j];
  __syncthreads();
  layer_norm_row(y, g, b, H, eps);
}

// ctx[T × H] = softmax(Q Kᵀ / √D) V for sequence blockIdx.x / A, head blockIdx.x % A; each thread one query row
// at a time, one pass over the keys with a running maximum (online softmax), the output row in registers.
template <int D>
__global__ void attention_kernel(float* ctx, const float* qkv, const int64_t* offsets, int64_t H, int64_t A, float scale) {
  const int64_t s = blockIdx.x / A, h = blockIdx.x % A, o = offsets[s], n = offsets[s + 1] - o, ld = 3 * H;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) {
    float q[D], acc[D];
    const float* qi = qkv + (o + i) * ld + h * D;
#pragma unroll
    for (int c = 0; c < D; c++) q[c] = qi[c] * scale, acc[c] = 0.0f;
    float m = -INFINITY, l = 0.0f;
    for (int64_t j = 0; j < n; j++) {
      const float* kj = qkv + (o + j) * ld + H + h * D;
      float sc = 0.0f;
#pragma unroll
      for (int c = 0; c < D; c++) sc += q[c] * kj[c];
      const float m_new = fmaxf(m, sc), shrink = __expf(m - m_new), p = __expf(sc - m_new);
      const float* vj = kj + H;
      l = l * shrink + p;
#pragma unroll
      for (int c = 0; c < D; c++) acc[c] = acc[c] * shrink + p * vj[c];
      m = m_new;
    }
    float* out = ctx + (o + i) * H + h * D;
    const float inv = 1.0f / l;
#pragma unroll
    for (int c = 0; c < D; c++) out[c] = acc[c] * inv;
  }
}

int blocks(int64_t n, int threads) { return (int)((n + threads - 1) / threads); }

}  // namespace

void BertOnDevice::upload(Context& ctx, const encoder::BertConfig& c, const encoder::BertWeights& w) {
  cfg = c;
  put(ctx, word, w.word, "encoder word embeddings");
  put(ctx, position, w.position, "encoder position embeddings");
  put(ctx, type0, w.token_type0, "encoder token type embedding");
  put(ctx, ln_g, w.ln_g, "encoder embedding LayerNorm");
  put(ctx, ln_b, w.ln_b, "encoder embedding LayerNorm");
  layers.clear();
  layers.resize(w.layers.size());
  for (size_t l = 0; l < w.layers.size(); l++) {
    const encoder::BertLayer& s = w.layers[l];
    Layer& d = layers[l];
    put(ctx, d.wqkv, s.wqkv, "encoder weights"), put(ctx, d.bqkv, s.bqkv, "encoder weights");
    put(ctx, d.wo, s.wo, "encoder weights"), put(ctx, d.bo, s.bo, "encoder weights");
    put(ctx, d.ln1_g, s.ln1_g, "encoder weights"), put(ctx, d.ln1_b, s.ln1_b, "encoder weights");
    put(ctx, d.w1, s.w1, "encoder weights"), put(ctx, d.b1, s.b1, "encoder weights");
    put(ctx, d.w2, s.w2, "encoder weights"), put(ctx, d.b2, s.b2, "encoder weights");
    put(ctx, d.ln2_g, s.ln2_g, "encoder weights"), put(ctx, d.ln2_b, s.ln2_b, "encoder weights");
  }
  ctx.sync();
}

bool bert_head_dim_supported(int64_t d) { return d == 16 || d == 32 || d == 64 || d == 128; }

void bert_forward_cuda(Context& ctx, float* hidden, const BertOnDevice& m, const int32_t* ids, const int64_t* offsets, int64_t S,
                       BertScratchCuda& sc) {
  const encoder::BertConfig& c = m.cfg;
  const int64_t H = c.hidden, I = c.intermediate, A = c.heads, d = H / A, T = offsets[S];
  if (!bert_head_dim_supported(d)) throw std::runtime_error("CUDA encoder: head size " + std::to_string(d) + " is not supported (16, 32, 64 or 128)");
  const float eps = (float)c.layer_norm_eps;
  std::vector<int32_t> pos(T);
  for (int64_t s = 0; s < S; s++)
    for (int64_t t = offsets[s]; t < offsets[s + 1]; t++) pos[t] = (int32_t)(t - offsets[s]);
  sc.ids.reserve(sizeof(int32_t) * T, "encoder token ids");
  sc.pos.reserve(sizeof(int32_t) * T, "encoder positions");
  sc.offsets.reserve(sizeof(int64_t) * (S + 1), "encoder offsets");
  sc.hidden.reserve(sizeof(float) * T * H, "encoder hidden states");
  sc.qkv.reserve(sizeof(float) * T * 3 * H, "encoder qkv");
  sc.ctx.reserve(sizeof(float) * T * H, "encoder attention output");
  sc.tmp.reserve(sizeof(float) * T * H, "encoder scratch");
  sc.inter.reserve(sizeof(float) * T * I, "encoder intermediate");
  check(cudaMemcpyAsync(sc.ids.p, ids, sizeof(int32_t) * T, cudaMemcpyHostToDevice, ctx.stream), "encoder ids upload");
  check(cudaMemcpyAsync(sc.pos.p, pos.data(), sizeof(int32_t) * T, cudaMemcpyHostToDevice, ctx.stream), "encoder positions upload");
  check(cudaMemcpyAsync(sc.offsets.p, offsets, sizeof(int64_t) * (S + 1), cudaMemcpyHostToDevice, ctx.stream), "encoder offsets upload");
  float *x = sc.hidden.as<float>(), *qkv = sc.qkv.as<float>(), *att = sc.ctx.as<float>(), *tmp = sc.tmp.as<float>(), *inter = sc.inter.as<float>();
  embed_kernel<<<(unsigned)T, kRowThreads, 0, ctx.stream>>>(x, sc.ids.as<int32_t>(), sc.pos.as<int32_t>(), m.word.as<float>(), m.position.as<float>(),
                                                           m.type0.as<float>(), m.ln_g.as<float>(), m.ln_b.as<float>(), H, eps);
  check(cudaGetLastError(), "encoder embeddings");
  const float scale = 1.0f / sqrtf((float)d);
  for (const BertOnDevice::Layer& L : m.layers) {
    gemm_cuda(ctx, T, 3 * H, H, x, H, nullptr, false, L.wqkv.as<float>(), 3 * H, qkv, 3 * H, false);
    bias_kernel<<<blocks(T * 3 * H, kRowThreads), kRowThreads, 0, ctx.stream>>>(qkv, L.bqkv.as<float>(), T, 3 * H, false);
    switch (d) {
      case 16: attention_kernel<16><<<(unsigned)(S * A), 64, 0, ctx.stream>>>(att, qkv, sc.offsets.as<int64_t>(), H, A, scale); break;
      case 32: attention_kernel<32><<<(unsigned)(S * A), 64, 0, ctx.stream>>>(att, qkv, sc.offsets.as<int64_t>(), H, A, scale); break;
      case 64: attention_kernel<64><<<(unsigned)(S * A), 64, 0, ctx.stream>>>(att, qkv, sc.offsets.as<int64_t>(), H, A, scale); break;
      default: attention_kernel<128><<<(unsigned)(S * A), 64, 0, ctx.stream>>>(att, qkv, sc.offsets.as<int64_t>(), H, A, scale); break;
    }
    check(cudaGetLastError(), "encoder attention");
    gemm_cuda(ctx, T, H, H, att, H, nullptr, false, L.wo.as<float>(), H, tmp, H, false);
    bias_residual_ln_kernel<<<(unsigned)T, kRowThreads, 0, ctx.stream>>>(x, tmp, L.bo.as<float>(), L.ln1_g.as<float>(), L.ln1_b.as<float>(), H, eps);
    gemm_cuda(ctx, T, I, H, x, H, nullptr, false, L.w1.as<float>(), I, inter, I, false);
    bias_kernel<<<blocks(T * I, kRowThreads), kRowThreads, 0, ctx.stream>>>(inter, L.b1.as<float>(), T, I, true);
    gemm_cuda(ctx, T, H, I, inter, I, nullptr, false, L.w2.as<float>(), H, tmp, H, false);
    bias_residual_ln_kernel<<<(unsigned)T, kRowThreads, 0, ctx.stream>>>(x, tmp, L.b2.as<float>(), L.ln2_g.as<float>(), L.ln2_b.as<float>(), H, eps);
    check(cudaGetLastError(), "encoder layer");
  }
  check(cudaMemcpyAsync(hidden, x, sizeof(float) * T * H, cudaMemcpyDeviceToHost, ctx.stream), "encoder hidden download");
  ctx.sync();
}

}  // namespace cuda
}  // namespace rung
