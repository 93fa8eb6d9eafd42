// The CUDA kernels' host entry points, named after their CPU counterparts (mlp_forward → mlp_forward_cuda),
// taking device pointers and running asynchronously on a Context's stream. Used by train.cu, score.cu and the parity tests.
// Shapes: N rows in the batch, D input dim, H hidden, M members, MH = M·H, B pairs (r rows 0..B-1 = a, B..2B-1 = b).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "cuda/rung_cuda.h"
#include "engine/adamw.h"
#include "engine/model.h"

namespace rung {
namespace cuda {

// Throws std::runtime_error("CUDA error in <what>: <cudaGetErrorString>") unless e == cudaSuccess.
void check(cudaError_t e, const char* what);

// A plain device allocation (cudaMalloc; never managed memory). Allocation failure throws OutOfMemory
// naming `what`, the bytes needed and the bytes free (cudaMemGetInfo).
struct DeviceBuffer {
  void* p = nullptr;
  size_t bytes = 0;
  DeviceBuffer() = default;
  DeviceBuffer(size_t n, const char* what) { alloc(n, what); }
  ~DeviceBuffer();
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept : p(o.p), bytes(o.bytes) { o.p = nullptr, o.bytes = 0; }
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    if (this != &o) release(), p = o.p, bytes = o.bytes, o.p = nullptr, o.bytes = 0;
    return *this;
  }
  void alloc(size_t n, const char* what);    // frees, then allocates n bytes
  void reserve(size_t n, const char* what);  // grows to at least n bytes (contents lost)
  void release();
  template <typename T> T* as() const { return static_cast<T*>(p); }
};
// Pinned host memory (cudaMallocHost) for asynchronous copies.
struct PinnedBuffer {
  void* p = nullptr;
  size_t bytes = 0;
  PinnedBuffer() = default;
  ~PinnedBuffer();
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;
  void reserve(size_t n, const char* what);
  template <typename T> T* as() const { return static_cast<T*>(p); }
};
std::string format_bytes(int64_t b);
// Throws OutOfMemory if `bytes` exceed what is free on the current device (with `headroom` fraction kept free).
void require_free(int64_t bytes, const char* what, double headroom = 0.0);

// Per-session state: device, stream, cuBLAS handle (when linked), GEMM precision, scratch.
struct Context {
  int device = 0;
  cudaStream_t stream = nullptr;
  void* cublas = nullptr;  // cublasHandle_t when built with cuBLAS
  Precision precision = Precision::fp32;
  DeviceBuffer gemm_scratch;  // gathered rows for cuBLAS
  DeviceBuffer cub_temp;      // CUB sort / scan temporary storage
  explicit Context(Precision p = Precision::fp32);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  void sync() const;
};
// Selects the device (probe()'s choice) and fails with the probe's reason when there is none.
int select_device();
const char* gemm_backend();  // "cublas" or "rung-simt"

// Items and model on the device (views; the owner keeps the buffers). Sparse: row_ptr[n+1], col, val (CSR).
struct DevItems {
  int64_t n = 0, dim = 0;
  const float* dense = nullptr;
  const uint32_t* row_ptr = nullptr;
  const uint32_t* col = nullptr;
  const float* val = nullptr;
  bool sparse() const { return dense == nullptr; }
};
struct DevModel {
  int64_t D = 0, H = 0, M = 0;
  Activation activation = Activation::relu;
  float *w1 = nullptr, *b1 = nullptr, *w2 = nullptr, *b2 = nullptr;  // D×MH, MH, MH, M
  int64_t mh() const { return M * H; }
};
// Gradients on the device. Dense: dw1 is D×MH. Sparse: dw1 holds `*n_rows` rows (capacity max_rows),
// dw1[s·MH ..] for w1 row w1_rows[s], rows in ascending order; n_rows lives on the device (no host sync).
struct DevGrads {
  float *dw1 = nullptr, *db1 = nullptr, *dw2 = nullptr, *db2 = nullptr;
  uint32_t* w1_rows = nullptr;
  int32_t* n_rows = nullptr;
  int64_t max_rows = 0;
};
// Scratch for the sparse first-layer backward (segmented reduction by sort), sized for `max_entries`
// (nonzeros in one batch) and `max_n` batch rows.
struct SparseScratch {
  DeviceBuffer entry_len, entry_off, keys, keys_sorted, idx, idx_sorted, counts, starts, owner;
  int64_t max_entries = 0, max_n = 0;
  void reserve(int64_t entries, int64_t n, int64_t MH);
};
// Scratch for the column reductions of the backward epilogue: ⌈N/kRowChunk⌉ × MH partial sums, twice.
struct ReduceScratch {
  DeviceBuffer partial;
  void reserve(int64_t n, int64_t MH);
};
constexpr int64_t kRowChunk = 128;

// ---- GEMM (gemm.cu): C[m×n] = (accumulate ? C : 0) + op(A)[m×k] · B[k×n], row-major, as engine/gemm.h's sgemm:
// op(A) row i is A[rows[i]] (trans: op(A)[i][kk] = A[rows[kk]][i]); rows (device) may be null.
void gemm_cuda(Context& ctx, int64_t m, int64_t n, int64_t k, const float* A, int64_t lda, const uint32_t* rows, bool transA, const float* B,
               int64_t ldb, float* C, int64_t ldc, bool accumulate);

// ---- MLP (mlp.cu), as engine/mlp.h.
// hpre[N×MH] = x·w1 + b1, act[N×MH] = f(hpre) (act may be null: training recomputes it), r[N×M] = act·w2 + b2.
void mlp_forward_cuda(Context& ctx, float* r, float* act, float* hpre, const DevModel& model, const DevItems& items, const uint32_t* rows, int64_t n);
// From dr[N×M]: g (overwritten), dhpre[N×MH]. `entries` (sparse only) = nonzeros of the batch rows, known on the host.
void mlp_backward_cuda(Context& ctx, DevGrads& g, float* dhpre, const float* dr, const float* hpre, const DevModel& model, const DevItems& items,
                       const uint32_t* rows, int64_t n, int64_t entries, SparseScratch& ss, ReduceScratch& rs);

// ---- Bradley–Terry (loss.cu), bt_forward and bt_backward fused: loss[M], dr[2B×M] from r[2B×M], target[B], w[B×M].
void bt_forward_backward_cuda(Context& ctx, float* loss, float* dr, const float* r, const float* target, const float* w, int64_t B, int64_t M);

// ---- AdamW (adamw.cu), as engine/adamw.h: step t (1-based) on n contiguous parameters.
void adamw_update_cuda(Context& ctx, float* p, float* m, float* v, const float* g, int64_t n, const AdamWConfig& c, int64_t t, bool decay);
// Lazy AdamW on the touched rows of a sparse first layer: row rows[s] of p/m/v (width MH) with gradient g[s·MH..], s < *n_rows.
void adamw_update_rows_cuda(Context& ctx, float* p, float* m, float* v, const float* g, const uint32_t* rows, const int32_t* n_rows,
                            int64_t max_rows, int64_t MH, const AdamWConfig& c, int64_t t);

// ---- scoring statistics (score.cu), as engine/score.cpp: mean/std over members of r[N×M];
// pairs: prob/spread of σ(r[p] − r[P+p]) over members for r[2P×M].
void ensemble_stats_cuda(Context& ctx, float* mean, float* std, const float* r, int64_t n, int64_t M);
void pair_stats_cuda(Context& ctx, float* prob, float* spread, const float* r, int64_t P, int64_t M);

// ---- row gather (gemm.cu): X[n×width] = rows rows[0..n) of src (ld); rows may be null (identity).
void gather_rows_cuda(Context& ctx, float* X, const float* src, int64_t ld, const uint32_t* rows, int64_t n, int64_t width);

}  // namespace cuda
}  // namespace rung
