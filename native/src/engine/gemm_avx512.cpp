// The AVX-512 GEMM kernel (16-wide vectors, 8×48 micro-tile: 24 accumulators, 3 B vectors and a broadcast in 32 zmm
// registers; 11 loads per 24 FMAs, against 14 for 12×32, which measured 3–15% slower on the W1 forward GEMM).
#define RUNG_GEMM_NAME sgemm_avx512
#define RUNG_VEC_BYTES 64
#define RUNG_MR 8
#define RUNG_NV 3
#include "gemm_impl.h"
