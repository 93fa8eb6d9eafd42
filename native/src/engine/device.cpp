// deviceInfo(): CPU features via the compiler's cpuid builtins and the chosen GEMM kernel (CUDA: cuda/backend.h).
#include "device.h"

#include <omp.h>

#include "gemm.h"

namespace rung {

int default_threads() { return omp_get_max_threads(); }

DeviceInfo device_info() {
  DeviceInfo info;
  info.backends = {"cpu"};
  info.threads = default_threads();
  __builtin_cpu_init();
  if (__builtin_cpu_supports("sse2")) info.cpu_features.push_back("sse2");
  if (__builtin_cpu_supports("avx2")) info.cpu_features.push_back("avx2");
  if (__builtin_cpu_supports("fma")) info.cpu_features.push_back("fma");
  if (__builtin_cpu_supports("avx512f")) info.cpu_features.push_back("avx512f");
  if (__builtin_cpu_supports("avx512vl")) info.cpu_features.push_back("avx512vl");
  if (__builtin_cpu_supports("avx512dq")) info.cpu_features.push_back("avx512dq");
  if (__builtin_cpu_supports("sha")) info.cpu_features.push_back("sha");  // content ids (content_id.h)
  info.gemm_kernel = gemm_kernel();
  return info;
}

}  // namespace rung
