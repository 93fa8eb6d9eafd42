// Run-time backend selection for the engine and the addon (device: 'auto' | 'cpu' | 'cuda'), header-only so it
// compiles with and without the CUDA backend: a target that links rung_cuda gets RUNG_HAVE_CUDA_KERNELS=1 and is
// routed to rung::cuda; any other target (no nvcc, RUNG_CUDA=OFF, rung_cuda not linked) runs everything on the CPU.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "engine/score.h"
#include "engine/train.h"

#if RUNG_HAVE_CUDA_KERNELS
#include "cuda/rung_cuda.h"
#endif

namespace rung {

// What deviceInfo() reports about CUDA.
struct CudaInfo {
  bool built = false;      // the CUDA backend was compiled in
  bool available = false;  // and a usable device is present
  std::string reason;      // why not, when !available
  std::string name, gemm;  // device name; "cublas" or "rung-simt"
  int cc_major = 0, cc_minor = 0, device_count = 0, driver_version = 0, runtime_version = 0;
  int64_t total_memory = 0, free_memory = 0;
};

inline CudaInfo cuda_info() {
  CudaInfo c;
#if RUNG_HAVE_CUDA_KERNELS
  const cuda::Probe p = cuda::probe();
  c.built = true;
  c.available = p.available;
  c.reason = p.reason;
  c.name = p.name;
  c.gemm = p.gemm;
  c.cc_major = p.cc_major, c.cc_minor = p.cc_minor, c.device_count = p.device_count;
  c.driver_version = p.driver_version, c.runtime_version = p.runtime_version;
  c.total_memory = p.total_memory, c.free_memory = p.free_memory;
#else
  c.reason = "built without CUDA (nvcc not found at build time, or RUNG_CUDA=OFF)";
#endif
  return c;
}

struct Backend {
  bool cuda = false;
  std::string why;  // for 'auto' falling back to the CPU: the reason
};

// 'cpu' → CPU; 'auto' → CUDA when available, else CPU (why = the reason); 'cuda' → CUDA, or std::runtime_error
// with the reason. Anything else → std::invalid_argument.
inline Backend choose_backend(const std::string& device) {
  if (device == "cpu") return Backend{false, "device 'cpu' was requested"};
  if (device != "auto" && device != "cuda") throw std::invalid_argument("device must be 'auto', 'cpu' or 'cuda'");
  const CudaInfo c = cuda_info();
  if (c.available) return Backend{true, ""};
  if (device == "cuda") throw std::runtime_error("device 'cuda' was requested but CUDA is unavailable: " + c.reason);
  return Backend{false, c.reason};
}

// rung::train on the chosen backend (TF32 GEMMs on the GPU when tf32; the parity tests use FP32).
inline TrainResult train_on(const Backend& b, const Items& items, const Pairs& pairs, const TrainOptions& opt,
                            const std::function<void(const Progress&)>& progress, const std::atomic<bool>& cancel, bool tf32 = false) {
#if RUNG_HAVE_CUDA_KERNELS
  if (b.cuda) {
    cuda::CudaOptions o;
    o.precision = tf32 ? cuda::Precision::tf32 : cuda::Precision::fp32;
    return cuda::train_cuda(items, pairs, opt, progress, cancel, o);
  }
#else
  (void)b, (void)tf32;
#endif
  return train(items, pairs, opt, progress, cancel);
}

// Scoring on the chosen backend; precision bf16 is the CPU's AMX path (the caller picks the CPU backend for it).
inline void score_items_on(const Backend& b, float* mean, float* std, const Model& model, const Items& items, int threads,
                           ScorePrecision precision = ScorePrecision::fp32) {
#if RUNG_HAVE_CUDA_KERNELS
  if (b.cuda) return cuda::score_items_cuda(mean, std, model, items);
#else
  (void)b;
#endif
  score_items(mean, std, model, items, threads, precision);
}

inline void score_pairs_on(const Backend& b, float* prob, float* spread, const Model& model, const Items& items, const uint32_t* a,
                           const uint32_t* bb, int64_t P, int threads, ScorePrecision precision = ScorePrecision::fp32) {
#if RUNG_HAVE_CUDA_KERNELS
  if (b.cuda) return cuda::score_pairs_cuda(prob, spread, model, items, a, bb, P);
#else
  (void)b;
#endif
  score_pairs(prob, spread, model, items, a, bb, P, threads, precision);
}

}  // namespace rung
