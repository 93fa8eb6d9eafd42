// What the engine can run on: the CPU backend, threads and the CPU features used (CUDA is probed in cuda/backend.h).
#pragma once
#include <string>
#include <vector>

namespace rung {

struct DeviceInfo {
  std::vector<std::string> backends;      // "cpu" always
  int threads = 1;                        // default thread count (OpenMP, from OMP_NUM_THREADS or the cores)
  std::vector<std::string> cpu_features;  // of sse2, avx2, fma, avx512f, avx512vl, avx512dq present
  std::string gemm_kernel;                // the kernel in use: avx512, avx2, generic
};

DeviceInfo device_info();
int default_threads();

}  // namespace rung
