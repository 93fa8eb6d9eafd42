// The AVX-512 GEMM kernel (16-wide vectors, 12×32 micro-tile: 24 accumulators in 32 zmm registers).
#define RUNG_GEMM_NAME sgemm_avx512
#define RUNG_VEC_BYTES 64
#define RUNG_MR 12
#define RUNG_NV 2
#include "gemm_impl.h"
