// BF16 support without AMX instructions (baseline x86-64, safe on any CPU): whether AMX may be used, FP32 ↔ BF16
// rounding, and packing B into AMX's pair-interleaved layout. The AMX kernel itself is in gemm_bf16_amx.cpp.
#include "gemm_bf16.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>

namespace rung {

namespace {

constexpr long kArchReqXcompPerm = 0x1023;  // arch_prctl: ask for an extended state component
constexpr long kXfeatureXtiledata = 18;     // AMX tile data

const char* probe() {
#if RUNG_HAVE_AMX
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("amx-bf16") || !__builtin_cpu_supports("amx-tile")) return "this CPU has no AMX-BF16 (Intel Sapphire Rapids or newer)";
  if (!__builtin_cpu_supports("avx512bf16") || !__builtin_cpu_supports("avx512f")) return "this CPU has AMX but no AVX-512 BF16";
  if (syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) != 0) return "the operating system did not grant AMX tile state (Linux 5.16 or newer needed)";
  return "";
#else
  return "this engine was built by a compiler without AMX support (GCC 11 or Clang 12 needed)";
#endif
}

const char* reason() {
  static const char* r = probe();
  return r;
}

}  // namespace

bool amx_bf16_available() { return reason()[0] == '\0'; }
const char* amx_bf16_unavailable_reason() { return reason(); }

void require_amx_bf16() {
  if (!amx_bf16_available()) throw std::runtime_error(std::string("bf16 needs AMX: ") + amx_bf16_unavailable_reason());
}

PackedBf16 pack_bf16(const float* b, int64_t ldb, int64_t k, int64_t n) {
  PackedBf16 p;
  p.k = k;
  p.n = n;
  p.kp = (k + 31) / 32 * 32;
  p.np = (n + 31) / 32 * 32;
  p.data.assign((size_t)(p.kp * p.np), 0);
  const int64_t kblocks = p.kp / 32;
  for (int64_t kk = 0; kk < k; kk++)
    for (int64_t j = 0; j < n; j++)
      p.data[(size_t)(((j / 16) * kblocks + kk / 32) * 512 + ((kk % 32) / 2) * 32 + (j % 16) * 2 + kk % 2)] = to_bf16(b[kk * ldb + j]);
  return p;
}

#if !RUNG_HAVE_AMX
// Built without the AMX kernel: availability says why, and these refuse with that reason.
void gemm_bf16_amx(int64_t, MatA, const PackedBf16&, float*, int64_t, int) { require_amx_bf16(); }
void pack_bf16_into(PackedBf16&, const float*, int64_t, int64_t, int64_t, int) { require_amx_bf16(); }
#endif

}  // namespace rung
