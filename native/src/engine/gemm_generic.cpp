// The portable GEMM kernel (x86-64 baseline: SSE2, 4-wide vectors).
#define RUNG_GEMM_NAME sgemm_generic
#define RUNG_VEC_BYTES 16
#define RUNG_MR 4
#define RUNG_NV 2
#include "gemm_impl.h"
