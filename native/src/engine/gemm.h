// Single-precision matrix multiply for the engine: C (+)= op(A) · B, blocked and packed, with AVX-512,
// AVX2 and portable kernels in separate translation units chosen at run time from the CPU's features.
#pragma once
#include <cstdint>

namespace rung {

// op(A), m×k: row i is row rows[i] of A (rows == nullptr: row i), or, with trans, A transposed with
// its k-index gathered: op(A)[i][kk] = A[rows[kk]][i]. Gathering lets a batch index the item table directly.
struct MatA {
  const float* p;
  int64_t ld;
  const uint32_t* rows;
  bool trans;
};

// Work on finished rows of C while they are still in cache: sgemm calls fn(ctx, i0, i1) from the thread that owns
// rows [i0, i1), once every column of those rows is final (each row exactly once; blocks in any order, concurrently).
struct GemmEpilogue {
  void (*fn)(void* ctx, int64_t i0, int64_t i1);
  void* ctx;
};

// C[m×n] = (accumulate ? C : 0) + op(A)[m×k] · B[k×n], row-major. Threaded over C tiles; each element is
// summed in one fixed order, so results do not depend on the thread count. With an epilogue, see GemmEpilogue.
void sgemm(int64_t m, int64_t n, int64_t k, MatA a, const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, int threads,
           const GemmEpilogue* epilogue = nullptr);
// The plain triple loop, for tests.
void sgemm_reference(int64_t m, int64_t n, int64_t k, MatA a, const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate);
// "avx512", "avx2" or "generic": the kernel sgemm uses on this CPU (RUNG_GEMM=generic|avx2|avx512 overrides, downwards only).
const char* gemm_kernel();

// One entry per kernel translation unit.
void sgemm_generic(int64_t m, int64_t n, int64_t k, MatA a, const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, int threads,
                   const GemmEpilogue* epilogue);
void sgemm_avx2(int64_t m, int64_t n, int64_t k, MatA a, const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, int threads,
                const GemmEpilogue* epilogue);
void sgemm_avx512(int64_t m, int64_t n, int64_t k, MatA a, const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, int threads,
                  const GemmEpilogue* epilogue);

}  // namespace rung
