// mlp_forward_cuda / mlp_backward_cuda: the ensemble MLP of engine/mlp.cpp on the GPU. Dense first layer by
// GEMM, sparse (CSR) first layer by row gathers forward and a deterministic segmented reduction backward
// (stable radix sort of the batch's nonzeros by feature, then one block per touched row summing in batch order —
// no atomics, so results are bit-identical run to run and match the CPU's summation order). Activation,
// second layer and their gradients are fused epilogues; column sums use fixed-order two-pass reductions.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_run_length_encode.cuh>
#include <cub/device/device_scan.cuh>

#include "cuda/kernels.h"

namespace rung {
namespace cuda {

constexpr float kGeluC = 0.7978845608028654f;  // sqrt(2/pi), as engine/mlp.cpp

// f(x) and f'(x) as engine/mlp.cpp's activation_forward / activation_backward (tanh-approximated GELU).
__device__ __forceinline__ float act_f(Activation a, float x) {
  if (a == Activation::relu) return x > 0.0f ? x : 0.0f;
  const float u = kGeluC * (x + 0.044715f * x * x * x);
  return 0.5f * x * (1.0f + tanhf(u));
}
__device__ __forceinline__ float act_df(Activation a, float x) {
  if (a == Activation::relu) return x > 0.0f ? 1.0f : 0.0f;
  const float u = kGeluC * (x + 0.044715f * x * x * x), t = tanhf(u);
  return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * kGeluC * (1.0f + 3.0f * 0.044715f * x * x);
}

// ---- sparse first layer, forward: hpre[i, :] = b1 + Σ_j val_j · w1[col_j, :], one block per row, threads over
// columns; products and sums are rounded separately (no FMA), in the CPU's order, so the result matches it bit for bit.
__global__ void sparse_forward_kernel(float* __restrict__ hpre, const float* __restrict__ w1, const float* __restrict__ b1,
                                      const uint32_t* __restrict__ row_ptr, const uint32_t* __restrict__ col, const float* __restrict__ val,
                                      const uint32_t* __restrict__ rows, int64_t MH) {
  const int64_t i = blockIdx.x;
  const uint32_t row = rows ? rows[i] : (uint32_t)i;
  const uint32_t j0 = row_ptr[row], j1 = row_ptr[row + 1];
  float* h = hpre + i * MH;
  for (int64_t c = threadIdx.x; c < MH; c += blockDim.x) {
    float s = b1[c];
    for (uint32_t j = j0; j < j1; j++) s = __fadd_rn(s, __fmul_rn(val[j], w1[(int64_t)col[j] * MH + c]));
    h[c] = s;
  }
}

// ---- fused forward epilogue, one block per (row i, member m): hpre += b1 (dense only), act = f(hpre),
// r[i, m] = Σ_k act·w2 + b2 (block tree reduction).
__global__ void forward_epilogue_kernel(float* __restrict__ r, float* __restrict__ act, float* __restrict__ hpre, const float* __restrict__ b1,
                                        const float* __restrict__ w2, const float* __restrict__ b2, int64_t H, int64_t M, Activation a,
                                        bool add_bias) {
  __shared__ float red[32];
  const int64_t i = blockIdx.x, m = blockIdx.y, MH = M * H;
  float s = 0.0f;
  for (int64_t k = threadIdx.x; k < H; k += blockDim.x) {
    const int64_t c = m * H + k;
    float h = hpre[i * MH + c];
    if (add_bias) {
      h += b1[c];
      hpre[i * MH + c] = h;
    }
    const float y = act_f(a, h);
    if (act) act[i * MH + c] = y;
    s = fmaf(y, w2[c], s);
  }
  for (int o = 16; o > 0; o >>= 1) s += __shfl_xor_sync(0xffffffffu, s, o);
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  if (lane == 0) red[warp] = s;
  __syncthreads();
  if (warp == 0) {
    s = lane < (int)(blockDim.x >> 5) ? red[lane] : 0.0f;
    for (int o = 16; o > 0; o >>= 1) s += __shfl_xor_sync(0xffffffffu, s, o);
    if (lane == 0) r[i * M + m] = s + b2[m];
  }
}

static int epilogue_threads(int64_t H) {
  int t = 32;
  while (t < 256 && t < H) t *= 2;
  return t;
}

void mlp_forward_cuda(Context& ctx, float* r, float* act, float* hpre, const DevModel& model, const DevItems& items, const uint32_t* rows, int64_t n) {
  if (n <= 0) return;
  const int64_t MH = model.mh();
  if (items.sparse()) {
    const int threads = MH >= 256 ? 256 : (MH >= 128 ? 128 : 64);
    sparse_forward_kernel<<<(unsigned)n, threads, 0, ctx.stream>>>(hpre, model.w1, model.b1, items.row_ptr, items.col, items.val, rows, MH);
    check(cudaGetLastError(), "sparse_forward_kernel");
  } else {
    gemm_cuda(ctx, n, MH, items.dim, items.dense, items.dim, rows, false, model.w1, MH, hpre, MH, false);
  }
  const dim3 grid((unsigned)n, (unsigned)model.M);
  forward_epilogue_kernel<<<grid, epilogue_threads(model.H), 0, ctx.stream>>>(r, act, hpre, model.b1, model.w2, model.b2, model.H, model.M,
                                                                              model.activation, !items.sparse());
  check(cudaGetLastError(), "forward_epilogue_kernel");
}

// ---- fused backward epilogue: dhpre = dr[i, m]·w2[c]·f'(hpre); per chunk of kRowChunk rows, partial column sums
// of dr·f(hpre) (→ dw2) and dhpre (→ db1). Block = 32 columns × 8 row lanes; lanes reduced in a fixed order.
__global__ void backward_epilogue_kernel(float* __restrict__ dhpre, float* __restrict__ part_dw2, float* __restrict__ part_db1,
                                         const float* __restrict__ dr, const float* __restrict__ hpre, const float* __restrict__ w2, int64_t n,
                                         int64_t H, int64_t M, Activation a) {
  __shared__ float s_dw2[8][33], s_db1[8][33];
  const int64_t MH = M * H;
  const int64_t c = (int64_t)blockIdx.x * 32 + threadIdx.x;
  const int64_t i0 = (int64_t)blockIdx.y * kRowChunk, i1 = i0 + kRowChunk < n ? i0 + kRowChunk : n;
  float sw = 0.0f, sb = 0.0f;
  if (c < MH) {
    const int64_t m = c / H;
    const float w = w2[c];
    for (int64_t i = i0 + threadIdx.y; i < i1; i += 8) {
      const float h = hpre[i * MH + c], g = dr[i * M + m];
      const float d = g * w * act_df(a, h);
      dhpre[i * MH + c] = d;
      sw = fmaf(g, act_f(a, h), sw);
      sb += d;
    }
  }
  s_dw2[threadIdx.y][threadIdx.x] = sw;
  s_db1[threadIdx.y][threadIdx.x] = sb;
  __syncthreads();
  if (threadIdx.y == 0 && c < MH) {
    for (int y = 1; y < 8; y++) sw += s_dw2[y][threadIdx.x], sb += s_db1[y][threadIdx.x];
    part_dw2[(int64_t)blockIdx.y * MH + c] = sw;
    part_db1[(int64_t)blockIdx.y * MH + c] = sb;
  }
}

// out[c] = Σ_chunk part[chunk·MH + c], chunks in order.
__global__ void sum_partials_kernel(float* __restrict__ out, const float* __restrict__ part, int64_t chunks, int64_t MH) {
  const int64_t c = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= MH) return;
  float s = 0.0f;
  for (int64_t k = 0; k < chunks; k++) s += part[k * MH + c];
  out[c] = s;
}

// db2[m] = Σ_i dr[i, m]: one block per member, strided sums then a fixed-order tree.
__global__ void db2_kernel(float* __restrict__ db2, const float* __restrict__ dr, int64_t n, int64_t M) {
  __shared__ float red[256];
  const int64_t m = blockIdx.x;
  float s = 0.0f;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) s += dr[i * M + m];
  red[threadIdx.x] = s;
  __syncthreads();
  for (int o = 128; o > 0; o >>= 1) {
    if ((int)threadIdx.x < o) red[threadIdx.x] += red[threadIdx.x + o];
    __syncthreads();
  }
  if (threadIdx.x == 0) db2[m] = red[0];
}

// ---- sparse first layer, backward

// len[i] = nonzeros of batch row i (then scanned into entry offsets).
__global__ void row_lengths_kernel(uint32_t* __restrict__ len, const uint32_t* __restrict__ row_ptr, const uint32_t* __restrict__ rows, int64_t n) {
  const int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const uint32_t row = rows ? rows[i] : (uint32_t)i;
  len[i] = row_ptr[row + 1] - row_ptr[row];
}

// Flattens the batch's nonzeros in batch order: keys[e] = feature column, idx[e] = e; entry e of batch row i is
// (item i, value) — the item and value are looked up again through `owner` later, so only (key, e) are sorted.
__global__ void expand_entries_kernel(uint32_t* __restrict__ keys, uint32_t* __restrict__ idx, uint32_t* __restrict__ owner,
                                      const uint32_t* __restrict__ off, const uint32_t* __restrict__ row_ptr, const uint32_t* __restrict__ col,
                                      const uint32_t* __restrict__ rows, int64_t n) {
  const int64_t i = blockIdx.x;
  if (i >= n) return;
  const uint32_t row = rows ? rows[i] : (uint32_t)i;
  const uint32_t j0 = row_ptr[row], j1 = row_ptr[row + 1], e0 = off[i];
  for (uint32_t j = j0 + threadIdx.x; j < j1; j += blockDim.x) {
    const uint32_t e = e0 + (j - j0);
    keys[e] = col[j];
    idx[e] = e;
    owner[e] = (uint32_t)i;
  }
}

// After the sort: item_sorted[q] = batch row of sorted entry q, val_sorted[q] = its value
// (entry e of batch row i has value val[row_ptr[rows[i]] + e − off[i]]).
__global__ void sorted_entries_kernel(uint32_t* __restrict__ item_sorted, float* __restrict__ val_sorted, const uint32_t* __restrict__ idx_sorted,
                                      const uint32_t* __restrict__ owner, const uint32_t* __restrict__ off, const uint32_t* __restrict__ row_ptr,
                                      const float* __restrict__ val, const uint32_t* __restrict__ rows, int64_t entries) {
  const int64_t q = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (q >= entries) return;
  const uint32_t e = idx_sorted[q], i = owner[e];
  const uint32_t row = rows ? rows[i] : i;
  item_sorted[q] = i;
  val_sorted[q] = val[row_ptr[row] + (e - off[i])];
}

// dw1[s, :] = Σ over the entries of touched row s, in batch order, of val·dhpre[item, :] (no FMA, as the CPU).
__global__ void sparse_dw1_kernel(float* __restrict__ dw1, const int32_t* __restrict__ n_rows, const uint32_t* __restrict__ starts,
                                  const uint32_t* __restrict__ counts, const uint32_t* __restrict__ item_sorted, const float* __restrict__ val_sorted,
                                  const float* __restrict__ dhpre, int64_t MH) {
  const int64_t R = *n_rows;
  for (int64_t s = blockIdx.x; s < R; s += gridDim.x) {
    const uint32_t e0 = starts[s], e1 = e0 + counts[s];
    for (int64_t c = threadIdx.x; c < MH; c += blockDim.x) {
      float acc = 0.0f;
      for (uint32_t q = e0; q < e1; q++) acc = __fadd_rn(acc, __fmul_rn(val_sorted[q], dhpre[(int64_t)item_sorted[q] * MH + c]));
      dw1[s * MH + c] = acc;
    }
  }
}

void SparseScratch::reserve(int64_t entries, int64_t n, int64_t MH) {
  (void)MH;
  if (entries > max_entries) {
    const size_t b = sizeof(uint32_t) * (size_t)(entries > 0 ? entries : 1);
    keys.alloc(b, "sparse backward keys");
    keys_sorted.alloc(b, "sparse backward sorted keys");
    idx.alloc(b, "sparse backward entries");
    idx_sorted.alloc(b, "sparse backward sorted entries");
    counts.alloc(b, "sparse backward run lengths");
    starts.alloc(b, "sparse backward run starts");
    owner.alloc(b, "sparse backward entry owners");
    max_entries = entries;
  }
  if (n > max_n) {
    entry_len.alloc(sizeof(uint32_t) * (size_t)(n + 1), "sparse backward row lengths");
    entry_off.alloc(sizeof(uint32_t) * (size_t)(n + 1), "sparse backward row offsets");
    max_n = n;
  }
}

void ReduceScratch::reserve(int64_t n, int64_t MH) {
  const int64_t chunks = (n + kRowChunk - 1) / kRowChunk;
  partial.reserve(sizeof(float) * (size_t)(2 * chunks * MH), "backward column partial sums");
}

static int bits_for(int64_t dim) {
  int b = 1;
  while (b < 32 && (int64_t(1) << b) < dim) b++;
  return b;
}

static void sparse_w1_backward_cuda(Context& ctx, DevGrads& g, const float* dhpre, const DevItems& items, const uint32_t* rows, int64_t n,
                                    int64_t entries, SparseScratch& ss, int64_t MH) {
  check(cudaMemsetAsync(g.n_rows, 0, sizeof(int32_t), ctx.stream), "memset n_rows");
  if (entries <= 0) return;
  if (entries > ss.max_entries || n > ss.max_n) throw std::logic_error("sparse backward scratch too small for the batch");
  if (entries > (int64_t)INT32_MAX) throw std::invalid_argument("too many nonzeros in one batch (at most 2^31 - 1)");
  uint32_t* len = ss.entry_len.as<uint32_t>();
  uint32_t* off = ss.entry_off.as<uint32_t>();
  row_lengths_kernel<<<(unsigned)((n + 255) / 256), 256, 0, ctx.stream>>>(len, items.row_ptr, rows, n);
  check(cudaGetLastError(), "row_lengths_kernel");
  size_t temp = 0, t2 = 0, t3 = 0, t4 = 0;
  const int end_bit = bits_for(items.dim);
  check(cub::DeviceScan::ExclusiveSum(nullptr, temp, len, off, (int)n, ctx.stream), "cub scan size");
  check(cub::DeviceRadixSort::SortPairs(nullptr, t2, ss.keys.as<uint32_t>(), ss.keys_sorted.as<uint32_t>(), ss.idx.as<uint32_t>(),
                                        ss.idx_sorted.as<uint32_t>(), (int)entries, 0, end_bit, ctx.stream),
        "cub sort size");
  check(cub::DeviceRunLengthEncode::Encode(nullptr, t3, ss.keys_sorted.as<uint32_t>(), g.w1_rows, ss.counts.as<uint32_t>(), g.n_rows, (int)entries,
                                           ctx.stream),
        "cub rle size");
  check(cub::DeviceScan::ExclusiveSum(nullptr, t4, ss.counts.as<uint32_t>(), ss.starts.as<uint32_t>(), (int)entries, ctx.stream), "cub scan size");
  temp = std::max(std::max(temp, t2), std::max(t3, t4));
  ctx.cub_temp.reserve(temp, "CUB temporary storage");
  size_t tb = ctx.cub_temp.bytes;
  check(cub::DeviceScan::ExclusiveSum(ctx.cub_temp.p, tb, len, off, (int)n, ctx.stream), "cub scan");
  uint32_t* owner = ss.owner.as<uint32_t>();
  expand_entries_kernel<<<(unsigned)n, 128, 0, ctx.stream>>>(ss.keys.as<uint32_t>(), ss.idx.as<uint32_t>(), owner, off, items.row_ptr, items.col,
                                                             rows, n);
  check(cudaGetLastError(), "expand_entries_kernel");
  tb = ctx.cub_temp.bytes;
  check(cub::DeviceRadixSort::SortPairs(ctx.cub_temp.p, tb, ss.keys.as<uint32_t>(), ss.keys_sorted.as<uint32_t>(), ss.idx.as<uint32_t>(),
                                        ss.idx_sorted.as<uint32_t>(), (int)entries, 0, end_bit, ctx.stream),
        "cub sort");
  check(cudaMemsetAsync(ss.counts.p, 0, sizeof(uint32_t) * (size_t)entries, ctx.stream), "memset counts");
  tb = ctx.cub_temp.bytes;
  check(cub::DeviceRunLengthEncode::Encode(ctx.cub_temp.p, tb, ss.keys_sorted.as<uint32_t>(), g.w1_rows, ss.counts.as<uint32_t>(), g.n_rows,
                                           (int)entries, ctx.stream),
        "cub rle");
  tb = ctx.cub_temp.bytes;
  check(cub::DeviceScan::ExclusiveSum(ctx.cub_temp.p, tb, ss.counts.as<uint32_t>(), ss.starts.as<uint32_t>(), (int)entries, ctx.stream), "cub scan");
  // keys and idx are free after the sort: reuse them for the sorted entries' items and values
  uint32_t* item_sorted = ss.keys.as<uint32_t>();
  float* val_sorted = reinterpret_cast<float*>(ss.idx.as<uint32_t>());
  sorted_entries_kernel<<<(unsigned)((entries + 255) / 256), 256, 0, ctx.stream>>>(item_sorted, val_sorted, ss.idx_sorted.as<uint32_t>(), owner, off,
                                                                                   items.row_ptr, items.val, rows, entries);
  check(cudaGetLastError(), "sorted_entries_kernel");
  const int64_t max_rows = entries < g.max_rows ? entries : g.max_rows;
  const unsigned blocks = (unsigned)(max_rows < 65535 ? max_rows : 65535);
  const int threads = MH >= 256 ? 256 : (MH >= 128 ? 128 : 64);
  sparse_dw1_kernel<<<blocks, threads, 0, ctx.stream>>>(g.dw1, g.n_rows, ss.starts.as<uint32_t>(), ss.counts.as<uint32_t>(), item_sorted,
                                                        val_sorted, dhpre, MH);
  check(cudaGetLastError(), "sparse_dw1_kernel");
}

void mlp_backward_cuda(Context& ctx, DevGrads& g, float* dhpre, const float* dr, const float* hpre, const DevModel& model, const DevItems& items,
                       const uint32_t* rows, int64_t n, int64_t entries, SparseScratch& ss, ReduceScratch& rs) {
  const int64_t MH = model.mh(), M = model.M;
  if (n <= 0) return;
  rs.reserve(n, MH);
  const int64_t chunks = (n + kRowChunk - 1) / kRowChunk;
  float* part_dw2 = rs.partial.as<float>();
  float* part_db1 = part_dw2 + chunks * MH;
  const dim3 grid((unsigned)((MH + 31) / 32), (unsigned)chunks), block(32, 8);
  backward_epilogue_kernel<<<grid, block, 0, ctx.stream>>>(dhpre, part_dw2, part_db1, dr, hpre, model.w2, n, model.H, M, model.activation);
  check(cudaGetLastError(), "backward_epilogue_kernel");
  sum_partials_kernel<<<(unsigned)((MH + 255) / 256), 256, 0, ctx.stream>>>(g.dw2, part_dw2, chunks, MH);
  sum_partials_kernel<<<(unsigned)((MH + 255) / 256), 256, 0, ctx.stream>>>(g.db1, part_db1, chunks, MH);
  db2_kernel<<<(unsigned)M, 256, 0, ctx.stream>>>(g.db2, dr, n, M);
  check(cudaGetLastError(), "backward reductions");
  if (items.sparse()) {
    sparse_w1_backward_cuda(ctx, g, dhpre, items, rows, n, entries, ss, MH);
  } else {
    // dw1[D×MH] = Xᵀ[D×n] · dhpre[n×MH]
    gemm_cuda(ctx, items.dim, MH, n, items.dense, items.dim, rows, true, dhpre, MH, g.dw1, MH, false);
  }
}

}  // namespace cuda
}  // namespace rung
