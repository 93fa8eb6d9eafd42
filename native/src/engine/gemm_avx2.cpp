// The AVX2 + FMA GEMM kernel (8-wide vectors, 6×16 micro-tile: 12 accumulators in 16 ymm registers).
#define RUNG_GEMM_NAME sgemm_avx2
#define RUNG_VEC_BYTES 32
#define RUNG_MR 6
#define RUNG_NV 2
#include "gemm_impl.h"
