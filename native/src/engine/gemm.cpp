// Run-time choice of the GEMM kernel from the CPU's features, and the reference triple loop.
#include "gemm.h"

#include <cstdlib>
#include <cstring>

namespace rung {

namespace {
using GemmFn = void (*)(int64_t, int64_t, int64_t, MatA, const float*, int64_t, float*, int64_t, bool, int, const GemmEpilogue*);
struct Choice {
  GemmFn fn;
  const char* name;
};
Choice choose() {
  __builtin_cpu_init();
  const char* want = std::getenv("RUNG_GEMM");
  const bool allow512 = !want || std::strcmp(want, "avx512") == 0;
  const bool allow2 = allow512 || std::strcmp(want, "avx2") == 0;
  if (allow512 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
    return {sgemm_avx512, "avx512"};
  if (allow2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return {sgemm_avx2, "avx2"};
  return {sgemm_generic, "generic"};
}
const Choice& chosen() {
  static const Choice c = choose();
  return c;
}
}  // namespace

void sgemm(int64_t m, int64_t n, int64_t k, MatA a, const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, int threads,
           const GemmEpilogue* epilogue) {
  chosen().fn(m, n, k, a, b, ldb, c, ldc, accumulate, threads, epilogue);
}

const char* gemm_kernel() { return chosen().name; }

void sgemm_reference(int64_t m, int64_t n, int64_t k, MatA a, const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate) {
  for (int64_t i = 0; i < m; i++)
    for (int64_t j = 0; j < n; j++) {
      double s = accumulate ? c[i * ldc + j] : 0.0;
      for (int64_t kk = 0; kk < k; kk++) {
        const float x = a.trans ? a.p[(a.rows ? (int64_t)a.rows[kk] : kk) * a.ld + i] : a.p[(a.rows ? (int64_t)a.rows[i] : i) * a.ld + kk];
        s += (double)x * b[kk * ldb + j];
      }
      c[i * ldc + j] = (float)s;
    }
}

}  // namespace rung
